import type { KubeReader } from '../../core/kube-reader.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';

/** Every MutatingWebhookConfiguration; Istio's are picked out by webhook name later. */
export function mutatingWebhooksGatherer(reader: KubeReader): Gatherer<'mutatingWebhooks'> {
  return { gather: () => reader.list('mutatingWebhookConfiguration', undefined), none: () => [] };
}
