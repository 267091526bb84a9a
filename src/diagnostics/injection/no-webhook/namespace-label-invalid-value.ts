import type { CauseSpec } from '../../../core/check.ts';
import { labelAndRestart } from '../injection-fixes.ts';
import { injectionLabelFacts } from './namespace-injection-disabled.ts';
import type { Explainer } from './no-webhook-context.ts';

export const namespaceLabelInvalidValueCause: CauseSpec = {
  code: 'MESH0103',
  cause: 'namespace-label-invalid-value',
  title: 'Namespace istio-injection label has a value other than enabled',
  severities: ['error', 'warning'],
};

// Only the exact value `enabled` selects the `namespace.` webhook; every other webhook requires the
// key to be absent, so a typo such as `true` blocks all of them (istio-semantics.md §1.1).
export const namespaceLabelInvalidValue: Explainer = {
  spec: namespaceLabelInvalidValueCause,
  applies: (ctx) => ctx.injection !== undefined && ctx.injection !== 'enabled',
  explain: (ctx) => ({
    subject: ctx.nsRef,
    message: `Namespace ${ctx.ns} has istio-injection=${ctx.injection}; only the exact value "enabled" turns injection on, and any other value blocks every Istio webhook.`,
    facts: injectionLabelFacts(ctx).facts,
    fix: labelAndRestart(
      ctx.fix,
      'istio-injection=enabled --overwrite',
      'Set the label to exactly "enabled".',
    ),
  }),
};
