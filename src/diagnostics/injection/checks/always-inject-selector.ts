import type { CauseSpec } from '../../../core/check.ts';
import { injectionFinding } from '../injection-finding.ts';
import type { InjectionCheck } from '../injection-input.ts';
import { policyFact } from './injector-source.ts';

export const alwaysInjectSelectorCause: CauseSpec = {
  code: 'MESH0126',
  cause: 'always-inject-selector',
  title: 'Pod matches alwaysInjectSelector',
  severities: ['info'],
};

// injectRequired step 5: without an explicit opt and no neverInjectSelector match, an
// alwaysInjectSelector match injects even under policy disabled (istio-semantics.md §1.3).
export const alwaysInjectSelector: InjectionCheck = {
  id: 'injection.always-inject-selector',
  area: 'injection',
  stage: 'injector',
  title: 'Pod labels match the injector alwaysInjectSelector',
  needs: ['pod', 'injectorConfigs'],
  emits: [alwaysInjectSelectorCause],
  run(input) {
    if (input.stageB.reason !== 'always-selector') return [];
    return [
      injectionFinding(alwaysInjectSelectorCause, {
        severity: 'info',
        subject: input.target,
        message: "Pod labels match the injector's alwaysInjectSelector, which forces injection.",
        facts: [policyFact(input)],
      }),
    ];
  },
};
