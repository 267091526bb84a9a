import type { CauseSpec } from '../../../core/check.ts';
import type { Explainer } from './no-webhook-context.ts';

export const webhookDeactivatedCause: CauseSpec = {
  code: 'MESH0107',
  cause: 'webhook-deactivated',
  title: 'Injection webhook is deactivated (never-match)',
  severities: ['error', 'warning'],
};

// `istioctl tag set default` deactivates the non-revisioned webhook in place by giving both
// selectors istio.io/deactivated=never-match (istio-semantics.md §1.2).
export const webhookDeactivated: Explainer = {
  spec: webhookDeactivatedCause,
  applies: (ctx) => ctx.active.length === 0,
  explain: (ctx) => {
    const names = [...new Set(ctx.evaluations.map((e) => e.configuration))].join(', ');
    return {
      subject: { kind: 'MutatingWebhookConfiguration', name: names },
      message: `Every Istio injection webhook (${names}) is deactivated with the never-match selector, as \`istioctl tag set default\` leaves the old one; no revision tag takes over.`,
      facts: [{ label: 'selectors', value: 'istio.io/deactivated=never-match' }],
      fix: {
        text: 'Point the default tag at an installed revision so a webhook serves istio-injection=enabled namespaces again.',
        command: 'istioctl tag list && istioctl tag set default --revision <revision> --overwrite',
      },
    };
  },
};
