import type { CauseSpec } from '../../../core/check.ts';
import { injectionFinding } from '../injection-finding.ts';
import type { InjectionCheck } from '../injection-input.ts';

export const podLabelIgnoredCause: CauseSpec = {
  code: 'MESH0122',
  cause: 'pod-label-ignored',
  title: "Pod's istio.io/rev label is overridden by the namespace",
  severities: ['info'],
};

// Namespace label beats pod label: rev.object. only applies when the namespace has neither
// injection label, so a pod's istio.io/rev is ignored in an enabled namespace (§1.1).
export const podRevisionLabel: InjectionCheck = {
  id: 'injection.pod-revision-label',
  area: 'injection',
  stage: 'webhook',
  title: "The pod's istio.io/rev label names the revision that injects it",
  needs: ['pod', 'namespace', 'mutatingWebhooks'],
  emits: [podLabelIgnoredCause],
  run({ called, pod, target }) {
    const first = called?.[0];
    const podRev = pod.metadata.labels['istio.io/rev'];
    if (!first || podRev === undefined || podRev === first.revision || podRev === first.tag) return [];
    return [
      injectionFinding(podLabelIgnoredCause, {
        severity: 'info',
        subject: target,
        message: `The pod asks for istio.io/rev=${podRev}, but the namespace label decides: revision ${first.revision} injects it.`,
      }),
    ];
  },
};
