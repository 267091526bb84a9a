import type { CauseSpec } from '../../../core/check.ts';
import { describeSelector } from '../../../kube/label-selector.ts';
import type { Explainer } from './no-webhook-context.ts';

export const webhookSelectorMismatchCause: CauseSpec = {
  code: 'MESH0108',
  cause: 'webhook-selector-mismatch',
  title: "No injection webhook's selectors match",
  severities: ['error', 'warning'],
};

// The fallback: webhooks exist, labels look enabled, yet no selector pair matches, which only
// happens with customised selectors; show them so the user can compare (istioctl x check-inject).
export const webhookSelectorMismatch: Explainer = {
  spec: webhookSelectorMismatchCause,
  applies: () => true,
  explain: (ctx) => ({
    subject: ctx.nsRef,
    message: `None of the ${ctx.active.length} active Istio injection webhooks selects namespace ${ctx.ns} together with this pod's labels.`,
    facts: ctx.active.slice(0, 6).map((e) => ({
      label: `${e.configuration} ${e.webhook.name}`,
      value: `namespace ${e.namespaceMatches ? 'matches' : 'does not match'} [${describeSelector(e.webhook.namespaceSelector)}]; pod ${e.objectMatches ? 'matches' : 'does not match'} [${describeSelector(e.webhook.objectSelector)}]`,
      source: { kind: 'MutatingWebhookConfiguration', name: e.configuration },
    })),
    fix: {
      text: 'Compare the webhook selectors above with the namespace and pod labels.',
      command: `istioctl x check-inject -n ${ctx.ns} ${ctx.pod.metadata.name}`,
    },
  }),
};
