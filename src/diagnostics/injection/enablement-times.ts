import type { Fact, ObjectRef } from '../../core/finding.ts';
import { labelSetTime } from '../../kube/managed-fields-time.ts';
import type { LabelSelector, Namespace, Pod } from '../../schemas/kube.ts';
import type { WebhookEvaluation } from './evaluate-webhooks.ts';

/**
 * When each thing that enables injection for this pod came to be: the webhook configuration, and
 * every label the called webhook selects on with `In` (namespace labels from the namespace's
 * managedFields, pod labels from the pod's). `complete` is false when any of them is unknown.
 */
export function enablementTimes(
  called: WebhookEvaluation | undefined,
  namespace: Namespace | undefined,
  pod: Pod,
  podRef: ObjectRef,
): { times: Fact[]; complete: boolean } {
  const times: Fact[] = [];
  let complete = true;
  if (!called) return { times, complete: false };
  const mwcRef: ObjectRef = { kind: 'MutatingWebhookConfiguration', name: called.configuration };
  if (called.selectorsWrittenAt) {
    times.push({
      label: `webhook ${called.configuration} selectors last written`,
      value: called.selectorsWrittenAt,
      source: mwcRef,
    });
  } else {
    complete = false;
    if (called.createdAt)
      times.push({
        label: `webhook ${called.configuration} created`,
        value: called.createdAt,
        source: mwcRef,
      });
  }
  const inKeys = (sel: LabelSelector | null | undefined) =>
    (sel?.matchExpressions ?? []).filter((r) => r.operator === 'In').map((r) => r.key);
  if (namespace) {
    const meta = namespace.metadata;
    const nsRef: ObjectRef = { kind: 'Namespace', name: meta.name };
    for (const key of inKeys(called.webhook.namespaceSelector)) {
      // kubernetes.io/metadata.name (the auto webhook) exists from the namespace's creation.
      const t = key === 'kubernetes.io/metadata.name' ? meta.creationTimestamp : labelSetTime(meta, key);
      if (t) times.push({ label: `namespace label ${key} last written`, value: t, source: nsRef });
      else complete = false;
    }
  }
  for (const key of inKeys(called.webhook.objectSelector)) {
    const t = labelSetTime(pod.metadata, key);
    if (t) times.push({ label: `pod label ${key} last written`, value: t, source: podRef });
    else complete = false;
  }
  return { times, complete };
}
