import type { CauseSpec } from '../../../core/check.ts';
import { labelAndRestart } from '../injection-fixes.ts';
import type { Explainer } from './no-webhook-context.ts';

export const namespaceNotEnabledCause: CauseSpec = {
  code: 'MESH0101',
  cause: 'namespace-not-enabled',
  title: 'Namespace not enabled for injection',
  severities: ['error', 'warning', 'pass'],
};

// Without istio-injection or istio.io/rev only a pod opt-in label selects a webhook (object. or
// rev.object.); the namespace must be enabled for the rest (istio-semantics.md §1.1).
export const namespaceNotEnabled: Explainer = {
  spec: namespaceNotEnabledCause,
  applies: (ctx) => ctx.injection === undefined && ctx.nsRev === undefined,
  explain: (ctx) => {
    const suggestion = ctx.hasDefault
      ? 'istio-injection=enabled'
      : `istio.io/rev=${ctx.revisions.find((r) => r !== 'default') ?? ctx.revisions[0] ?? '<revision>'}`;
    return {
      subject: ctx.nsRef,
      message: `Namespace ${ctx.ns} has neither istio-injection=enabled nor an istio.io/rev label, and the pod does not opt in by label, so no Istio webhook is called.`,
      facts: [
        ctx.nsFact('istio-injection'),
        ctx.nsFact('istio.io/rev'),
        { label: 'revisions and tags with webhooks', value: ctx.revisionList },
      ],
      fix: labelAndRestart(ctx.fix, suggestion, 'Enable injection for the namespace.'),
    };
  },
};
