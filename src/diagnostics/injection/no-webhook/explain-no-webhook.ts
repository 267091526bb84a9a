import type { CauseSpec } from '../../../core/check.ts';
import type { FindingDraft } from '../injection-finding.ts';
import { ambientNamespace } from './ambient-namespace.ts';
import { ambientPod } from './ambient-pod.ts';
import { annotationOptInIgnored } from './annotation-opt-in-ignored.ts';
import { conflictingNamespaceLabels } from './conflicting-namespace-labels.ts';
import { namespaceInjectionDisabled } from './namespace-injection-disabled.ts';
import { namespaceLabelInvalidValue } from './namespace-label-invalid-value.ts';
import { namespaceNotEnabled } from './namespace-not-enabled.ts';
import { noDefaultRevision } from './no-default-revision.ts';
import { noInjectorWebhook } from './no-injector-webhook.ts';
import type { Explainer, NoWebhookContext } from './no-webhook-context.ts';
import { revisionWithoutWebhook } from './revision-without-webhook.ts';
import { webhookDeactivated } from './webhook-deactivated.ts';
import { webhookSelectorMismatch } from './webhook-selector-mismatch.ts';

/**
 * Why the API server calls no Istio webhook for this pod (stage A, labels only): the first
 * explainer that applies wins, so the order is most specific first and it follows the selector
 * consequences of istio-semantics.md §1.1:
 *
 * 1. nothing installed, then everything deactivated (no label could help);
 * 2. istio-injection with a value other than `enabled` blocks every webhook, whatever else is set;
 * 3. istio-injection=enabled wins over istio.io/rev, so with both only a default revision serves it;
 *    then enabled with no default revision at all;
 * 4. an istio.io/rev (namespace first, then pod) that no webhook serves;
 * 5. ambient namespace, then ambient pod: no sidecar by design;
 * 6. the annotation opt-in that selectors cannot see, before the plain "namespace not enabled";
 * 7. customised selectors that match nothing (the fallback, always applies).
 */
export const noWebhookExplainers: readonly Explainer[] = [
  noInjectorWebhook,
  webhookDeactivated,
  namespaceInjectionDisabled,
  namespaceLabelInvalidValue,
  conflictingNamespaceLabels,
  noDefaultRevision,
  revisionWithoutWebhook,
  ambientNamespace,
  ambientPod,
  annotationOptInIgnored,
  namespaceNotEnabled,
  webhookSelectorMismatch,
];

/** Causes that mean "no sidecar by design", reported as info and deciding the verdict. */
export const byDesignCauses: ReadonlySet<string> = new Set([
  ambientNamespace.spec.cause,
  ambientPod.spec.cause,
]);

/** The first explanation that applies, with the cause it explains. */
export function explainNoWebhook(
  ctx: NoWebhookContext,
): Omit<FindingDraft, 'severity'> & { spec: CauseSpec } {
  // The last explainer always applies, so the fallback below is never reached.
  const explainer = noWebhookExplainers.find((e) => e.applies(ctx)) ?? webhookSelectorMismatch;
  return { spec: explainer.spec, ...explainer.explain(ctx) };
}
