import type { ObjectRef } from '../../../core/finding.ts';
import { describeSelector } from '../../../kube/label-selector.ts';
import { injectionFinding } from '../injection-finding.ts';
import type { InjectionCheck } from '../injection-input.ts';
import { byDesignCauses, explainNoWebhook, noWebhookExplainers } from '../no-webhook/explain-no-webhook.ts';
import { namespaceNotEnabledCause } from '../no-webhook/namespace-not-enabled.ts';
import { noWebhookContext } from '../no-webhook/no-webhook-context.ts';

// Stage A (istio-semantics.md §1.1): the API server calls an Istio webhook only when both its
// namespaceSelector and objectSelector match, on labels alone. When none is called, the ordered
// explainers in ../no-webhook/ say why.
export const webhookSelection: InjectionCheck = {
  id: 'injection.webhook-selection',
  area: 'injection',
  stage: 'webhook',
  title: 'An Istio injection webhook selects the namespace and pod',
  needs: ['pod', 'namespace', 'mutatingWebhooks'],
  emits: noWebhookExplainers.map((e) => e.spec),
  run({ evaluations, called, namespaceLabels, pod, opt, fix }) {
    if (!evaluations || !called || !namespaceLabels) return [];
    const first = called[0];
    if (first) {
      const mwcRef: ObjectRef = { kind: 'MutatingWebhookConfiguration', name: first.configuration };
      return [
        injectionFinding(namespaceNotEnabledCause, {
          severity: 'pass',
          subject: mwcRef,
          message: `Webhook ${first.webhook.name} (${first.configuration}, revision ${first.revision}${first.tag ? `, tag ${first.tag}` : ''}) selects this namespace and pod.`,
          facts: [
            {
              label: 'namespaceSelector',
              value: describeSelector(first.webhook.namespaceSelector),
              source: mwcRef,
            },
            {
              label: 'objectSelector',
              value: describeSelector(first.webhook.objectSelector),
              source: mwcRef,
            },
          ],
        }),
      ];
    }
    // A label opt-out is reported by injection.pod-opt-out; it is why no webhook matches.
    if (opt.decision === 'false' && opt.source === 'label') return [];
    const { spec, ...why } = explainNoWebhook(noWebhookContext({ evaluations, namespaceLabels, pod, fix }));
    return [injectionFinding(spec, { ...why, severity: byDesignCauses.has(spec.cause) ? 'info' : 'error' })];
  },
};
