import type { CauseSpec } from '../../../core/check.ts';
import { compareText } from '../../../core/compare-text.ts';
import type { Fact, ObjectRef } from '../../../core/finding.ts';
import { enablementTimes } from '../enablement-times.ts';
import { effectiveFailurePolicy, type WebhookEvaluation } from '../evaluate-webhooks.ts';
import { injectionFinding } from '../injection-finding.ts';
import { restartCommand } from '../injection-fixes.ts';
import type { InjectionCheck } from '../injection-input.ts';

export const createdBeforeEnablementCause: CauseSpec = {
  code: 'MESH0117',
  cause: 'created-before-enablement',
  title: 'Pod was created before injection was enabled',
  severities: ['error', 'warning', 'pass'],
};
export const notInjectedAtCreationCause: CauseSpec = {
  code: 'MESH0123',
  cause: 'not-injected-at-creation',
  title: 'Pod was created after injection was enabled but has no sidecar',
  // Never demoted: it needs a pod that would be injected now, so no other blocker coexists.
  severities: ['error'],
};

// Injection happens only on pod CREATE (istio-semantics.md §1, §1.8): when everything says a pod
// created now would be injected, this one was created before that was true, unless the
// timestamps prove otherwise. Kubernetes timestamps have one-second resolution, so a pod
// created in the same second as the enablement is a tie, not proof of either order.
export const createdBeforeEnablement: InjectionCheck = {
  id: 'injection.created-before-enablement',
  area: 'injection',
  stage: 'creation',
  title: 'Pod was created after injection was enabled for it',
  needs: ['pod', 'namespace', 'mutatingWebhooks', 'injectorConfigs'],
  emits: [createdBeforeEnablementCause, notInjectedAtCreationCause],
  run(input) {
    const { pod, target, called } = input;
    const first = called?.[0];
    if (input.targetKind === 'workload' || input.sidecar || input.wouldInjectNow !== true || !first)
      return [];
    const created = pod.metadata.creationTimestamp;
    const { times, complete } = enablementTimes(first, input.namespaceObject, pod, target);
    const facts: Fact[] = created
      ? [{ label: 'pod created', value: created, source: target }, ...times]
      : times;
    const fix = {
      text: 'Recreate the pod so the webhook can inject it (injection happens only when a pod is created).',
      command: restartCommand(input.fix),
    };
    const later = created ? times.filter((t) => compareTimes(t.value, created) > 0) : [];
    const ties = created ? times.filter((t) => compareTimes(t.value, created) === 0) : [];
    const listed = (ts: Fact[]) => ts.map((t) => `${t.label} ${t.value}`).join('; ');
    if (later.length === 0 && ties.length > 0) {
      return [
        injectionFinding(createdBeforeEnablementCause, {
          severity: 'error',
          subject: target,
          message: `Pod ${pod.metadata.name} was created in the same second as injection was enabled (${listed(ties)}); timestamps have one-second resolution, so it was most likely created just before the label. Recreate it either way: a pod created now would be injected.`,
          facts,
          fix,
        }),
      ];
    }
    if (created && complete && later.length === 0) {
      return [
        injectionFinding(notInjectedAtCreationCause, {
          severity: 'error',
          subject: target,
          message: `Injection was already enabled when this pod was created, yet it has no sidecar: ${whyNotInjected(first)} Recreating it will inject it now.`,
          facts: [...facts, failurePolicyFact(first)],
          fix,
        }),
      ];
    }
    return [
      injectionFinding(createdBeforeEnablementCause, {
        severity: 'error',
        subject: target,
        message:
          later.length > 0
            ? `Pod ${pod.metadata.name} was created at ${created}, before injection was enabled (${listed(later)}); a pod created now would be injected.`
            : `A pod created now with these labels would be injected, so pod ${pod.metadata.name} was created before injection was enabled for it (the saved objects carry no timestamps to confirm when).`,
        facts,
        fix,
      }),
    ];
  },
};

/**
 * Only Ignore lets a pod be created after a failed webhook call; with Fail the API server would
 * have rejected the pod, so the only explanation left is a configuration that changed and back.
 */
function whyNotInjected(webhook: WebhookEvaluation): string {
  return effectiveFailurePolicy(webhook) === 'Ignore'
    ? 'the webhook call failed (failurePolicy Ignore) or the configuration changed and changed back.'
    : `the configuration changed and changed back (with failurePolicy ${effectiveFailurePolicy(webhook)} a failed webhook call would have rejected the pod, not skipped injection).`;
}

function failurePolicyFact(webhook: WebhookEvaluation): Fact {
  const source: ObjectRef = { kind: 'MutatingWebhookConfiguration', name: webhook.configuration };
  const set = webhook.webhook.failurePolicy;
  return { label: `webhook ${webhook.webhook.name} failurePolicy`, value: set ?? 'Fail (default)', source };
}

/** Orders RFC 3339 timestamps by instant (both have one-second resolution). */
function compareTimes(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return compareText(a, b);
  return Math.sign(ta - tb);
}
