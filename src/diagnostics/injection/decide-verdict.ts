import type { Finding, Severity } from '../../core/finding.ts';
import type { GatherNote } from '../../core/report.ts';
import { findSidecar, type Sidecar } from '../../kube/find-sidecar.ts';
import type { InjectionInput, SaveHint } from './injection-input.ts';
import { byDesignCauses } from './no-webhook/explain-no-webhook.ts';

export type InjectionVerdict = 'injected' | 'not-injected' | 'unknown';

export type InjectionDecision = {
  verdict: InjectionVerdict;
  /** The deciding cause's id, or `undetermined` when no check could say why. */
  cause: string;
  /** Would a pod created now, with these labels, get a sidecar? undefined when unknowable. */
  wouldInjectNow: boolean | undefined;
  injectedBy: { revision: string; configuration: string; webhook: string } | undefined;
  sidecar: Sidecar | undefined;
  findings: Finding[];
  notes: GatherNote[];
  /** Evidence the --from files lacked, with the command that saves it (for the headline). */
  unsaved: SaveHint[];
};

/**
 * The one place the deciding cause is chosen, for pod and workload targets alike. `findings`
 * come in stage order (istiod's evaluation order), so the first blocker is the cause istiod
 * would hit first: an error, or an info finding that means "no sidecar by design" (ambient).
 * For a workload, findings about its running pods say what happened to them, not what will
 * happen to the next pod, so they decide only when the template has no blocker.
 */
export function decideVerdict(input: InjectionInput, findings: readonly Finding[]): InjectionDecision {
  const runningPods = new Set((input.workload?.pods ?? []).map((p) => p.metadata.name));
  const aboutRunningPod = (f: Finding) => f.subject.kind === 'Pod' && runningPods.has(f.subject.name);
  const isBlocker = (f: Finding) =>
    f.severity === 'error' || (f.severity === 'info' && byDesignCauses.has(f.cause));
  const deciding = findings.find((f) => isBlocker(f) && !aboutRunningPod(f));
  const observed = observeSidecar(input);
  const decide = (verdict: InjectionVerdict, cause: string, extra: Finding[] = []) =>
    finish(input, verdict, cause, [...findings, ...extra], observed.sidecar);

  if (observed.injected) {
    // A workload whose pods have sidecars may still not inject its next pod: say so, as a warning.
    const next: Finding[] = [];
    if (input.workload && !input.sidecar && input.wouldInjectNow === false && deciding) {
      const { fix: _fix, ...blocker } = deciding;
      next.push({
        ...blocker,
        severity: 'warning',
        subject: input.target,
        message: `Its running pods have sidecars, but new pods will NOT be injected: ${deciding.message}`,
        facts: [],
      });
    }
    return decide('injected', 'already-injected', next);
  }
  if (deciding) return decide('not-injected', deciding.cause);
  const podBlocker = findings.find((f) => f.severity === 'error');
  if (podBlocker) return decide('not-injected', podBlocker.cause);
  // The target observably has no sidecar; only the why is missing, because files were not saved
  // (their gather notes say how to save them).
  if (observed.notInjected && input.notSaved.length > 0) return decide('not-injected', 'undetermined');
  return decide('unknown', 'undetermined');
}

/** What the target observably has: a sidecar now (injected), none at all (notInjected), or unclear. */
function observeSidecar(input: InjectionInput): {
  injected: boolean;
  notInjected: boolean;
  sidecar: Sidecar | undefined;
} {
  if (!input.workload)
    return { injected: !!input.sidecar, notInjected: !input.sidecar, sidecar: input.sidecar };
  const sidecars = (input.workload.pods ?? []).map(findSidecar);
  const all = sidecars.length > 0 && sidecars.every((s) => s !== undefined);
  const none = sidecars.length > 0 && sidecars.every((s) => s === undefined);
  return {
    injected: !!input.sidecar || all,
    notInjected: !input.sidecar && none,
    sidecar: input.sidecar ?? sidecars[0],
  };
}

function finish(
  input: InjectionInput,
  verdict: InjectionVerdict,
  cause: string,
  findings: readonly Finding[],
  sidecar: Sidecar | undefined,
): InjectionDecision {
  let seenDeciding = false;
  const shown = findings.map((f): Finding => {
    // The deciding cause stays an error; other blockers are demoted to warnings ("also blocking").
    let severity: Severity = f.severity;
    if (f.severity === 'error') {
      if (f.cause === cause && !seenDeciding) seenDeciding = true;
      else severity = 'warning';
    }
    return severity === f.severity ? f : { ...f, severity };
  });
  const first = input.called?.[0];
  return {
    verdict,
    cause,
    wouldInjectNow: input.wouldInjectNow,
    injectedBy: first
      ? { revision: first.revision, configuration: first.configuration, webhook: first.webhook.name }
      : undefined,
    sidecar: verdict === 'injected' ? sidecar : undefined,
    findings: shown,
    notes: [...input.notes],
    unsaved: verdict === 'not-injected' && cause === 'undetermined' ? [...input.notSaved] : [],
  };
}
