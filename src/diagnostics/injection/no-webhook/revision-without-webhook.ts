import type { CauseSpec } from '../../../core/check.ts';
import { labelAndRestart } from '../injection-fixes.ts';
import type { Explainer, NoWebhookContext } from './no-webhook-context.ts';

export const revisionWithoutWebhookCause: CauseSpec = {
  code: 'MESH0105',
  cause: 'revision-without-webhook',
  title: 'istio.io/rev names a revision or tag with no webhook',
  severities: ['error', 'warning'],
};

/** The revision asked for: the namespace label decides over the pod's (§1.1). */
const askedRevision = (ctx: NoWebhookContext) => ctx.nsRev ?? ctx.podRev;

// Nothing in Istio flags a dangling istio.io/rev (IST0124 was removed in 2020): pods are simply
// not injected (istio-semantics.md §1.6, §1.8).
export const revisionWithoutWebhook: Explainer = {
  spec: revisionWithoutWebhookCause,
  applies: (ctx) => {
    const rev = askedRevision(ctx);
    return rev !== undefined && !ctx.revisions.includes(rev);
  },
  explain: (ctx) => {
    const rev = askedRevision(ctx) as string;
    const onNamespace = ctx.nsRev !== undefined;
    const target = ctx.revisions.find((r) => r !== 'default') ?? ctx.revisions[0];
    return {
      subject: onNamespace ? ctx.nsRef : ctx.podRef,
      message: `${onNamespace ? `Namespace ${ctx.ns}` : `Pod ${ctx.pod.metadata.name}`} asks for istio.io/rev=${rev}, but no injection webhook serves a revision or tag named "${rev}" (installed: ${ctx.revisionList}).`,
      facts: [
        onNamespace
          ? ctx.nsFact('istio.io/rev')
          : { label: 'pod label istio.io/rev', value: rev, source: ctx.podRef },
        { label: 'revisions and tags with webhooks', value: ctx.revisionList },
      ],
      fix: onNamespace
        ? labelAndRestart(
            ctx.fix,
            `istio.io/rev=${target ?? '<revision>'} --overwrite`,
            `Point the namespace at an installed revision (or create the tag: istioctl tag set ${rev} --revision <revision>).`,
          )
        : {
            text: `Change the pod label istio.io/rev to an installed revision (${ctx.revisionList}), or create the tag with istioctl tag set ${rev} --revision <revision>.`,
          },
    };
  },
};
