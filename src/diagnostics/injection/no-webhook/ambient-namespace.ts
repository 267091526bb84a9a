import type { CauseSpec } from '../../../core/check.ts';
import type { Explainer } from './no-webhook-context.ts';

export const ambientNamespaceCause: CauseSpec = {
  code: 'MESH0118',
  cause: 'ambient-namespace',
  title: 'Namespace is in ambient mode',
  severities: ['info', 'warning'],
};

// The injector ignores istio.io/dataplane-mode; an ambient namespace without injection labels has
// no sidecars by design and ztunnel carries the traffic (istio-semantics.md §1.7).
export const ambientNamespace: Explainer = {
  spec: ambientNamespaceCause,
  applies: (ctx) => ctx.namespaceLabels['istio.io/dataplane-mode'] === 'ambient' && ctx.nsRev === undefined,
  explain: (ctx) => ({
    subject: ctx.nsRef,
    message: `Namespace ${ctx.ns} is in ambient mode (istio.io/dataplane-mode=ambient): its pods have no sidecar by design; ztunnel carries their traffic.`,
    facts: [
      ctx.nsFact('istio.io/dataplane-mode'),
      {
        label: 'pod annotation ambient.istio.io/redirection',
        value: ctx.pod.metadata.annotations['ambient.istio.io/redirection'] ?? '(absent)',
        source: ctx.podRef,
      },
    ],
    fix: {
      text: 'Nothing to fix if ambient is intended. To use a sidecar for this workload instead, set the pod label istio.io/dataplane-mode=none and enable sidecar injection for it.',
    },
  }),
};
