import type { CauseSpec } from '../../../core/check.ts';
import type { Explainer } from './no-webhook-context.ts';

export const ambientPodCause: CauseSpec = {
  code: 'MESH0125',
  cause: 'ambient-pod',
  title: 'Pod is enrolled in ambient mode by label',
  // Only ever the by-design info: nothing else reports this cause, and info is never demoted.
  severities: ['info'],
};

// The CNI's default enablement selector enrols a pod labelled istio.io/dataplane-mode=ambient
// whatever its namespace says (istio-semantics.md §1.7).
export const ambientPod: Explainer = {
  spec: ambientPodCause,
  applies: (ctx) => ctx.pod.metadata.labels['istio.io/dataplane-mode'] === 'ambient',
  explain: (ctx) => ({
    subject: ctx.podRef,
    message: `Pod ${ctx.pod.metadata.name} is enrolled in ambient mode by its label istio.io/dataplane-mode=ambient: no sidecar by design.`,
    facts: [{ label: 'pod label istio.io/dataplane-mode', value: 'ambient', source: ctx.podRef }],
    fix: { text: 'Nothing to fix if ambient is intended.' },
  }),
};
