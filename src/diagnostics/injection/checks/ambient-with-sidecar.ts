import { injectionFinding } from '../injection-finding.ts';
import type { InjectionCheck } from '../injection-input.ts';
import { ambientNamespaceCause } from '../no-webhook/ambient-namespace.ts';

// The injector ignores istio.io/dataplane-mode, and the CNI skips pods that have a sidecar: an
// ambient namespace also enabled for sidecars gets sidecars, not ztunnel (IST0123, §1.7).
export const ambientWithSidecar: InjectionCheck = {
  id: 'injection.ambient-with-sidecar',
  area: 'injection',
  stage: 'webhook',
  title: 'An ambient namespace is not also enabled for sidecars',
  needs: ['pod', 'namespace', 'mutatingWebhooks'],
  emits: [ambientNamespaceCause],
  run({ called, namespaceLabels, namespace: ns }) {
    if (!called?.length || namespaceLabels?.['istio.io/dataplane-mode'] !== 'ambient') return [];
    return [
      injectionFinding(ambientNamespaceCause, {
        severity: 'warning',
        subject: { kind: 'Namespace', name: ns },
        message: `Namespace ${ns} is ambient but also enabled for sidecars: this pod gets a sidecar and ztunnel skips it (IST0123).`,
      }),
    ];
  },
};
