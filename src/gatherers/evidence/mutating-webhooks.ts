import type { Gatherer } from '../../evidence/gather-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';

/** Every MutatingWebhookConfiguration; Istio's are picked out by webhook name later. */
export function mutatingWebhooksGatherer(reader: KubeReader): Gatherer<'mutatingWebhooks'> {
  return { gather: () => reader.list('mutatingWebhookConfiguration', undefined), none: () => [] };
}
