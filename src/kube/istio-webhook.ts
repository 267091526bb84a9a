import type { Webhook } from '../schemas/kube.ts';

// check-inject keeps configurations having a webhook whose name ends in "istio.io"; so do we.
export function isIstioWebhook(webhook: Pick<Webhook, 'name'>): boolean {
  return webhook.name.endsWith('istio.io');
}
