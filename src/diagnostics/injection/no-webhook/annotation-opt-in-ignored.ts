import type { CauseSpec } from '../../../core/check.ts';
import { injectKey } from '../inject-required.ts';
import { optInTemplate } from '../injection-fixes.ts';
import type { Explainer } from './no-webhook-context.ts';

export const annotationOptInIgnoredCause: CauseSpec = {
  code: 'MESH0111',
  cause: 'annotation-opt-in-ignored',
  title: 'Opt-in by annotation is invisible to webhook selectors',
  severities: ['error', 'warning'],
};

// Webhook selectors see labels only: the sidecar.istio.io/inject annotation can opt out (istiod
// reads it) but never in, because no webhook is called to read it (istio-semantics.md §1.1).
export const annotationOptInIgnored: Explainer = {
  spec: annotationOptInIgnoredCause,
  applies: (ctx) =>
    ctx.pod.metadata.annotations[injectKey] === 'true' &&
    ctx.injection === undefined &&
    ctx.nsRev === undefined,
  explain: (ctx) => ({
    subject: ctx.podRef,
    message: `Pod ${ctx.pod.metadata.name} opts in with the annotation sidecar.istio.io/inject=true, but webhook selectors only see labels, and namespace ${ctx.ns} is not enabled, so no webhook is called.`,
    facts: [
      { label: `pod annotation ${injectKey}`, value: 'true', source: ctx.podRef },
      ctx.nsFact('istio-injection'),
      ctx.nsFact('istio.io/rev'),
    ],
    fix: optInTemplate(ctx.fix),
  }),
};
