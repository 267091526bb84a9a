import type { CauseSpec } from '../../../core/check.ts';
import type { Explainer } from './no-webhook-context.ts';

export const noInjectorWebhookCause: CauseSpec = {
  code: 'MESH0106',
  cause: 'no-injector-webhook',
  title: 'No Istio injection webhook is installed',
  severities: ['error', 'warning'],
};

// Istio's injection webhooks are the ones named *.istio.io (istio-semantics.md §1.5); with none,
// the API server never asks istiod about any pod.
export const noInjectorWebhook: Explainer = {
  spec: noInjectorWebhookCause,
  applies: (ctx) => ctx.evaluations.length === 0,
  explain: (ctx) => ({
    subject: { kind: 'MutatingWebhookConfiguration', name: '(none)' },
    message: 'No Istio sidecar-injection webhook is installed in this cluster, so no pod is ever injected.',
    facts: [{ label: 'MutatingWebhookConfigurations with an *.istio.io webhook', value: '0' }],
    fix: {
      text: 'Install the istiod chart (it creates the istio-sidecar-injector webhook), then restart the workload.',
      command: `${ctx.fix.kubectl} get mutatingwebhookconfigurations -l app=sidecar-injector`,
    },
  }),
};
