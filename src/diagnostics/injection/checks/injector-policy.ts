import type { CauseSpec } from '../../../core/check.ts';
import { injectKey } from '../inject-required.ts';
import { injectionFinding } from '../injection-finding.ts';
import { optInTemplate } from '../injection-fixes.ts';
import type { InjectionCheck } from '../injection-input.ts';
import { assumedDefaults, injectorSubject, policyFact } from './injector-source.ts';

export const injectorPolicyDisabledCause: CauseSpec = {
  code: 'MESH0114',
  cause: 'injector-policy-disabled',
  title: 'Injector policy is disabled',
  severities: ['error', 'warning', 'pass'],
};
export const injectorPolicyInvalidCause: CauseSpec = {
  code: 'MESH0115',
  cause: 'injector-policy-invalid',
  title: 'Injector policy has an invalid value',
  severities: ['error', 'warning'],
};

// injectRequired step 6: policy `enabled` injects by default, `disabled` only on an explicit or
// alwaysInjectSelector yes, any other value never (istio-semantics.md §1.3).
export const injectorPolicy: InjectionCheck = {
  id: 'injection.injector-policy',
  area: 'injection',
  stage: 'injector',
  title: 'Injector policy injects by default',
  needs: ['pod', 'injectorConfigs'],
  emits: [injectorPolicyDisabledCause, injectorPolicyInvalidCause],
  run(input) {
    const { stageB, opt } = input;
    const subject = injectorSubject(input);
    const facts = [policyFact(input)];
    if (stageB.reason === 'policy-disabled') {
      return [
        injectionFinding(injectorPolicyDisabledCause, {
          severity: 'error',
          subject,
          message: `The injector policy is "disabled": istiod injects only pods that opt in with ${injectKey}=true or match alwaysInjectSelector.`,
          facts,
          fix: optInTemplate(input.fix),
        }),
      ];
    }
    if (stageB.reason === 'policy-invalid') {
      return [
        injectionFinding(injectorPolicyInvalidCause, {
          severity: 'error',
          subject,
          message: `The injector policy is "${input.injector.policy}"; istiod accepts only "enabled" or "disabled" and never injects otherwise.`,
          facts,
          fix: {
            text: 'Set global.proxy.autoInject to enabled in the istiod chart values and upgrade the release.',
          },
        }),
      ];
    }
    if (opt.decision !== 'default' || stageB.reason !== 'policy-enabled') return [];
    return [
      injectionFinding(injectorPolicyDisabledCause, {
        severity: 'pass',
        subject,
        message: input.injectorRef
          ? 'The injector policy is "enabled".'
          : `The injector policy is taken to be "enabled" (${assumedDefaults}).`,
        facts,
      }),
    ];
  },
};
