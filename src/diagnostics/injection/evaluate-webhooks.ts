import { compareText } from '../../core/compare-text.ts';
import { isIstioWebhook } from '../../kube/istio-webhook.ts';
import { selectorMatches } from '../../kube/label-selector.ts';
import { managedFieldsTime } from '../../kube/managed-fields-time.ts';
import type { MutatingWebhookConfiguration, Webhook } from '../../schemas/kube.ts';

export type WebhookEvaluation = {
  configuration: string;
  webhook: Webhook;
  /** istiod revision that serves it (MWC label istio.io/rev; "default" for the default revision). */
  revision: string;
  /** Revision tag name, for istio-revision-tag-* configurations. */
  tag: string | undefined;
  namespaceMatches: boolean;
  objectMatches: boolean;
  /** Deactivated in place by `istioctl tag set default` (both selectors never-match). */
  deactivated: boolean;
  coversPodCreate: boolean;
  createdAt: string | undefined;
  /**
   * Last write of the webhooks' selectors, from managedFields. creationTimestamp is not enough:
   * `helm upgrade` edits selectors in place, and istiod's own caBundle patches must not count.
   */
  selectorsWrittenAt: string | undefined;
};

const neverMatchKey = 'istio.io/deactivated';

function isDeactivated(webhook: Webhook): boolean {
  const never = (s: Webhook['namespaceSelector']) => s?.matchLabels?.[neverMatchKey] === 'never-match';
  return never(webhook.namespaceSelector) && never(webhook.objectSelector);
}

function coversPodCreate(webhook: Webhook): boolean {
  const rules = webhook.rules ?? [];
  return rules.some((rule) => {
    const ops = rule.operations ?? [];
    const resources = rule.resources ?? [];
    const groups = rule.apiGroups ?? [];
    return (
      (ops.includes('CREATE') || ops.includes('*')) &&
      (resources.includes('pods') || resources.includes('*')) &&
      (groups.includes('') || groups.includes('*'))
    );
  });
}

/**
 * Evaluates every Istio injection webhook against namespace and pod labels, in the order the
 * configurations list them (stage A of istio-semantics.md §1: labels only, annotations unseen).
 */
export function evaluateWebhooks(
  configurations: readonly MutatingWebhookConfiguration[],
  namespaceLabels: Readonly<Record<string, string>>,
  podLabels: Readonly<Record<string, string>>,
): WebhookEvaluation[] {
  const sorted = [...configurations].sort((a, b) => compareText(a.metadata.name, b.metadata.name));
  const result: WebhookEvaluation[] = [];
  for (const mwc of sorted) {
    if (!mwc.webhooks.some(isIstioWebhook)) continue;
    for (const webhook of mwc.webhooks) {
      if (!isIstioWebhook(webhook)) continue;
      result.push({
        configuration: mwc.metadata.name,
        webhook,
        revision: mwc.metadata.labels['istio.io/rev'] ?? 'default',
        tag: mwc.metadata.labels['istio.io/tag'],
        namespaceMatches: selectorMatches(webhook.namespaceSelector, namespaceLabels),
        objectMatches: selectorMatches(webhook.objectSelector, podLabels),
        deactivated: isDeactivated(webhook),
        coversPodCreate: coversPodCreate(webhook),
        createdAt: mwc.metadata.creationTimestamp,
        selectorsWrittenAt: selectorsWrittenAt(mwc),
      });
    }
  }
  return result;
}

/** Webhooks the API server would call for this pod: both selectors match and the rule covers CREATE pods. */
export function calledWebhooks(evaluations: readonly WebhookEvaluation[]): WebhookEvaluation[] {
  return evaluations.filter(
    (e) => e.namespaceMatches && e.objectMatches && e.coversPodCreate && !e.deactivated,
  );
}

/** Revision names and tags that some webhook selects on via istio.io/rev In [...]. */
export function knownRevisions(evaluations: readonly WebhookEvaluation[]): string[] {
  const names = new Set<string>();
  for (const e of evaluations) {
    if (e.deactivated) continue;
    for (const sel of [e.webhook.namespaceSelector, e.webhook.objectSelector]) {
      for (const req of sel?.matchExpressions ?? []) {
        if (req.key === 'istio.io/rev' && req.operator === 'In')
          for (const v of req.values ?? []) names.add(v);
      }
      const v = sel?.matchLabels?.['istio.io/rev'];
      if (v) names.add(v);
    }
  }
  return [...names].sort();
}

function selectorsWrittenAt(mwc: MutatingWebhookConfiguration): string | undefined {
  return managedFieldsTime(mwc.metadata, (fieldsV1) => {
    const fields = JSON.stringify(fieldsV1 ?? {});
    return fields.includes('"f:namespaceSelector"') || fields.includes('"f:objectSelector"');
  });
}

/** The webhook's failurePolicy; admissionregistration/v1 defaults an unset one to Fail (the chart sets Fail). */
export function effectiveFailurePolicy(evaluation: Pick<WebhookEvaluation, 'webhook'>): string {
  return evaluation.webhook.failurePolicy ?? 'Fail';
}
