import type { CauseSpec } from '../../../core/check.ts';
import type { Fact, ObjectRef } from '../../../core/finding.ts';
import type { Pod } from '../../../schemas/kube.ts';
import { knownRevisions, type WebhookEvaluation } from '../evaluate-webhooks.ts';
import type { FindingDraft } from '../injection-finding.ts';
import type { FixContext } from '../injection-fixes.ts';

/** What every explainer reads, derived once from the labels and the evaluated webhooks. */
export type NoWebhookContext = {
  evaluations: readonly WebhookEvaluation[];
  /** Webhooks not deactivated with the never-match selector. */
  active: readonly WebhookEvaluation[];
  namespaceLabels: Readonly<Record<string, string>>;
  pod: Pod;
  fix: FixContext;
  ns: string;
  nsRef: ObjectRef;
  podRef: ObjectRef;
  /** The namespace's istio-injection and istio.io/rev labels, the pod's istio.io/rev label. */
  injection: string | undefined;
  nsRev: string | undefined;
  podRev: string | undefined;
  /** Revisions and tags some active webhook selects on, sorted, and as display text. */
  revisions: readonly string[];
  revisionList: string;
  /** Some active webhook serves istio-injection=enabled (a default revision or default tag). */
  hasDefault: boolean;
  nsFact(key: string): Fact;
};

/** One reason the API server calls no Istio webhook: a predicate and the explanation. */
export type Explainer = {
  readonly spec: CauseSpec;
  applies(ctx: NoWebhookContext): boolean;
  explain(ctx: NoWebhookContext): Omit<FindingDraft, 'severity'>;
};

export function noWebhookContext(input: {
  evaluations: readonly WebhookEvaluation[];
  namespaceLabels: Readonly<Record<string, string>>;
  pod: Pod;
  fix: FixContext;
}): NoWebhookContext {
  const { evaluations, namespaceLabels, pod, fix } = input;
  const ns = fix.namespace;
  const nsRef: ObjectRef = { kind: 'Namespace', name: ns };
  const revisions = knownRevisions(evaluations);
  const active = evaluations.filter((e) => !e.deactivated);
  return {
    ...input,
    active,
    ns,
    nsRef,
    podRef: { kind: 'Pod', namespace: ns, name: pod.metadata.name },
    injection: namespaceLabels['istio-injection'],
    nsRev: namespaceLabels['istio.io/rev'],
    podRev: pod.metadata.labels['istio.io/rev'],
    revisions,
    revisionList: revisions.length > 0 ? revisions.join(', ') : '(none)',
    hasDefault: active.some((e) =>
      (e.webhook.namespaceSelector?.matchExpressions ?? []).some(
        (r) => r.key === 'istio-injection' && r.operator === 'In' && (r.values ?? []).includes('enabled'),
      ),
    ),
    nsFact: (key) => ({
      label: `namespace label ${key}`,
      value: namespaceLabels[key] ?? '(absent)',
      source: nsRef,
    }),
  };
}
