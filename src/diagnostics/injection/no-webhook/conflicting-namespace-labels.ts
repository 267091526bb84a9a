import type { CauseSpec } from '../../../core/check.ts';
import { labelAndRestart } from '../injection-fixes.ts';
import type { Explainer } from './no-webhook-context.ts';

export const conflictingNamespaceLabelsCause: CauseSpec = {
  code: 'MESH0104',
  cause: 'conflicting-namespace-labels',
  title: 'Namespace has both istio-injection and istio.io/rev',
  severities: ['error', 'warning'],
};

// rev.namespace. requires istio-injection to be absent, so with both labels only the default
// revision's namespace. webhook can match; without a default revision nothing does (§1.1).
export const conflictingNamespaceLabels: Explainer = {
  spec: conflictingNamespaceLabelsCause,
  applies: (ctx) => ctx.injection === 'enabled' && ctx.nsRev !== undefined,
  explain: (ctx) => ({
    subject: ctx.nsRef,
    message: `Namespace ${ctx.ns} has both istio-injection=enabled and istio.io/rev=${ctx.nsRev}; the legacy label wins, so only the default revision could inject, and no default revision or default tag exists.`,
    facts: [
      ctx.nsFact('istio-injection'),
      ctx.nsFact('istio.io/rev'),
      { label: 'revisions and tags with webhooks', value: ctx.revisionList },
    ],
    fix: labelAndRestart(
      ctx.fix,
      'istio-injection-',
      `Remove istio-injection so istio.io/rev=${ctx.nsRev} decides.`,
    ),
  }),
};
