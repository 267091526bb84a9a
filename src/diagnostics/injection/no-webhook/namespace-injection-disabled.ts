import type { CauseSpec } from '../../../core/check.ts';
import type { Fact } from '../../../core/finding.ts';
import { injectKey } from '../inject-required.ts';
import { labelAndRestart } from '../injection-fixes.ts';
import type { Explainer, NoWebhookContext } from './no-webhook-context.ts';

export const namespaceInjectionDisabledCause: CauseSpec = {
  code: 'MESH0102',
  cause: 'namespace-injection-disabled',
  title: 'Namespace has istio-injection=disabled',
  severities: ['error', 'warning'],
};

/** The istio-injection fact, plus the pod's opt-in label the namespace label overrides. */
export function injectionLabelFacts(ctx: NoWebhookContext): { facts: Fact[]; podOptIn: boolean } {
  const podOptIn = ctx.pod.metadata.labels[injectKey] === 'true';
  const facts = [ctx.nsFact('istio-injection')];
  if (podOptIn)
    facts.push({
      label: `pod label ${injectKey}`,
      value: 'true (ignored: the namespace label wins)',
      source: ctx.podRef,
    });
  return { facts, podOptIn };
}

// Every chart webhook requires istio-injection to be `enabled` or absent, so `disabled` blocks
// them all, including the pod opt-in `object.` webhook (istio-semantics.md §1.1).
export const namespaceInjectionDisabled: Explainer = {
  spec: namespaceInjectionDisabledCause,
  applies: (ctx) => ctx.injection === 'disabled',
  explain: (ctx) => {
    const { facts, podOptIn } = injectionLabelFacts(ctx);
    return {
      subject: ctx.nsRef,
      message: `Namespace ${ctx.ns} has istio-injection=disabled, which turns injection off for every pod in it${podOptIn ? ', even pods labelled sidecar.istio.io/inject=true' : ''}.`,
      facts,
      fix: labelAndRestart(
        ctx.fix,
        'istio-injection=enabled --overwrite',
        'If this namespace belongs in the mesh, enable it.',
      ),
    };
  },
};
