import { injectionFinding } from '../injection-finding.ts';
import type { InjectionCheck } from '../injection-input.ts';
import { conflictingNamespaceLabelsCause } from '../no-webhook/conflicting-namespace-labels.ts';

// With both istio-injection=enabled and istio.io/rev the legacy label wins (IST0123). When a
// default revision serves it the pod is injected, by a revision the user may not expect; when
// none does, no webhook is called and ../no-webhook/conflicting-namespace-labels.ts explains it.
export const namespaceLabelConflict: InjectionCheck = {
  id: 'injection.namespace-label-conflict',
  area: 'injection',
  stage: 'webhook',
  title: 'Namespace does not carry both istio-injection and istio.io/rev',
  needs: ['pod', 'namespace', 'mutatingWebhooks'],
  emits: [conflictingNamespaceLabelsCause],
  run({ called, namespaceLabels, namespace: ns }) {
    const first = called?.[0];
    const rev = namespaceLabels?.['istio.io/rev'];
    if (!first || namespaceLabels?.['istio-injection'] !== 'enabled' || rev === undefined) return [];
    return [
      injectionFinding(conflictingNamespaceLabelsCause, {
        severity: 'warning',
        subject: { kind: 'Namespace', name: ns },
        message: `Namespace ${ns} has both istio-injection=enabled and istio.io/rev=${rev}; the legacy label wins and revision ${first.revision} injects (IST0123).`,
      }),
    ];
  },
};
