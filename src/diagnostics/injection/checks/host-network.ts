import type { CauseSpec } from '../../../core/check.ts';
import { injectionFinding } from '../injection-finding.ts';
import type { InjectionCheck } from '../injection-input.ts';

export const hostNetworkCause: CauseSpec = {
  code: 'MESH0112',
  cause: 'host-network',
  title: 'Pod uses hostNetwork',
  severities: ['error', 'warning', 'pass'],
};

// injectRequired's first rule: istiod never injects a hostNetwork pod, and no label or
// annotation overrides it (istio-semantics.md §1.3).
export const hostNetwork: InjectionCheck = {
  id: 'injection.host-network',
  area: 'injection',
  stage: 'hard-rule',
  title: 'Pod does not use hostNetwork',
  needs: ['pod'],
  emits: [hostNetworkCause],
  run({ pod, target }) {
    const on = pod.spec.hostNetwork === true;
    return [
      injectionFinding(hostNetworkCause, {
        severity: on ? 'error' : 'pass',
        subject: target,
        message: on
          ? `Pod ${pod.metadata.name} runs with hostNetwork: true; istiod never injects such pods (their iptables rules would capture the node's traffic).`
          : 'hostNetwork is not set.',
        facts: [{ label: 'spec.hostNetwork', value: String(on), source: target }],
        fix: on
          ? {
              text: 'Nothing to change in Istio: a hostNetwork pod cannot have a sidecar. Drop hostNetwork if the pod must join the mesh.',
            }
          : undefined,
      }),
    ];
  },
};
