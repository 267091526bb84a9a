import type { CauseSpec } from '../../../core/check.ts';
import { describeSelector } from '../../../kube/label-selector.ts';
import { injectKey } from '../inject-required.ts';
import { injectionFinding } from '../injection-finding.ts';
import { optInTemplate } from '../injection-fixes.ts';
import type { InjectionCheck } from '../injection-input.ts';
import { injectorFact, injectorSubject } from './injector-source.ts';

export const neverInjectSelectorCause: CauseSpec = {
  code: 'MESH0116',
  cause: 'never-inject-selector',
  title: 'Pod matches neverInjectSelector',
  severities: ['error', 'warning', 'pass'],
};

// injectRequired step 4: only without an explicit opt, a neverInjectSelector match means no, and
// it beats alwaysInjectSelector (istio-semantics.md §1.3).
export const neverInjectSelector: InjectionCheck = {
  id: 'injection.never-inject-selector',
  area: 'injection',
  stage: 'injector',
  title: 'Pod labels match no injector neverInjectSelector',
  needs: ['pod', 'injectorConfigs'],
  emits: [neverInjectSelectorCause],
  run(input) {
    const { stageB, opt, target } = input;
    if (stageB.reason === 'never-selector') {
      return [
        injectionFinding(neverInjectSelectorCause, {
          severity: 'error',
          subject: target,
          message: `Pod labels match the injector's neverInjectSelector, so istiod skips it (an explicit ${injectKey}=true label would override).`,
          facts: input.injector.neverInjectSelector.map((s) =>
            injectorFact(input, 'neverInjectSelector', describeSelector(s)),
          ),
          fix: optInTemplate(input.fix),
        }),
      ];
    }
    if (opt.decision !== 'default') return [];
    return [
      injectionFinding(neverInjectSelectorCause, {
        severity: 'pass',
        subject: injectorSubject(input),
        message: input.injectorRef
          ? 'Pod labels match no neverInjectSelector.'
          : 'Pod labels match no neverInjectSelector: the chart default has none (assumed; the injector ConfigMap was not read).',
      }),
    ];
  },
};
