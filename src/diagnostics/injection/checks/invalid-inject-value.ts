import type { CauseSpec } from '../../../core/check.ts';
import { injectKey } from '../inject-required.ts';
import { injectionFinding } from '../injection-finding.ts';
import type { InjectionCheck } from '../injection-input.ts';

export const invalidInjectValueCause: CauseSpec = {
  code: 'MESH0120',
  cause: 'invalid-inject-value',
  title: 'sidecar.istio.io/inject has a value istiod ignores',
  severities: ['warning'],
};

// istiod compares the value case-sensitively with "true"/"false" and treats anything else as
// "use the default" after logging a warning (istio-semantics.md §1.3 step 3).
export const invalidInjectValue: InjectionCheck = {
  id: 'injection.invalid-inject-value',
  area: 'injection',
  stage: 'explicit-opt',
  title: 'sidecar.istio.io/inject is "true", "false" or unset',
  needs: ['pod', 'injectorConfigs'],
  emits: [invalidInjectValueCause],
  run({ opt, target, injector }) {
    if (opt.value === undefined || opt.decision !== 'default') return [];
    return [
      injectionFinding(invalidInjectValueCause, {
        severity: 'warning',
        subject: target,
        message: `${injectKey}="${opt.value}" (${opt.source}) is neither "true" nor "false"; istiod ignores it (values are case-sensitive) and applies its policy "${injector.policy}".`,
        facts: [{ label: `pod ${opt.source} ${injectKey}`, value: opt.value, source: target }],
      }),
    ];
  },
};
