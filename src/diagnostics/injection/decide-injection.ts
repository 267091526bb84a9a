import type { Finding } from '../../core/finding.ts';
import { decideVerdict, type InjectionDecision } from './decide-verdict.ts';
import { injectionChecks } from './injection-checks.ts';
import type { InjectionEvidence } from './injection-evidence.ts';
import { type InjectionCheck, type InjectionInput, injectionStages } from './injection-input.ts';
import { prepareInjectionInput } from './prepare-injection-input.ts';

export type { InjectionDecision, InjectionVerdict } from './decide-verdict.ts';

/**
 * Decides whether the pod is (or would be) injected and why, from gathered evidence only:
 * prepare the input once, run every registered injection check, then pick the verdict.
 * Pure: the same evidence always gives the same answer.
 */
export function decideInjection(ev: InjectionEvidence): InjectionDecision {
  const input = prepareInjectionInput(ev);
  return decideVerdict(input, runInjectionChecks(input, injectionChecks));
}

/**
 * Runs checks in stage order (istiod's own order, see `injectionStages`), registry order within
 * a stage. An injected pod is explained by the `injected` stage alone: the other checks explain
 * a missing sidecar.
 */
function runInjectionChecks(input: InjectionInput, checks: readonly InjectionCheck[]): Finding[] {
  const injectedPod = input.sidecar !== undefined && !input.workload;
  const stage = (c: InjectionCheck) => injectionStages.indexOf(c.stage);
  return [...checks]
    .filter((c) => !injectedPod || c.stage === 'injected')
    .sort((a, b) => stage(a) - stage(b))
    .flatMap((c) => c.run(input));
}
