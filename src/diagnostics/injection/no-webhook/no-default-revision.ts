import type { CauseSpec } from '../../../core/check.ts';
import { labelNamespace, restartCommand } from '../injection-fixes.ts';
import type { Explainer } from './no-webhook-context.ts';

export const noDefaultRevisionCause: CauseSpec = {
  code: 'MESH0124',
  cause: 'no-default-revision',
  title: 'istio-injection=enabled but no default revision or default tag exists',
  severities: ['error', 'warning'],
};

// istio-injection=enabled is served only by the default revision's (or the `default` tag's)
// namespace. webhook; revisioned control planes select on istio.io/rev alone (§1.1, §1.2).
export const noDefaultRevision: Explainer = {
  spec: noDefaultRevisionCause,
  applies: (ctx) => ctx.injection === 'enabled',
  explain: (ctx) => {
    const target = ctx.revisions[0] ?? '<revision>';
    return {
      subject: ctx.nsRef,
      message: `Namespace ${ctx.ns} has istio-injection=enabled, but no default revision or "default" revision tag is installed to serve it (only revisions ${ctx.revisionList}).`,
      facts: [
        ctx.nsFact('istio-injection'),
        { label: 'revisions and tags with webhooks', value: ctx.revisionList },
      ],
      fix: {
        text: 'Either make a revision the default with a tag, or label the namespace with the revision to use; then restart the workload.',
        command: `istioctl tag set default --revision ${target}   # or: ${labelNamespace(ctx.fix, `istio-injection- istio.io/rev=${target}`)} && ${restartCommand(ctx.fix)}`,
      },
    };
  },
};
