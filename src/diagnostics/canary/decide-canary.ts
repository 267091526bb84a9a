import { compareFindings, type Finding } from '../../core/finding.ts';
import type { CanaryCheck, CanaryInput } from './canary-input.ts';

// The one headline state (canary.md §8.4, with §8.4.1's precisions checked against Flagger
// v1.36.1 and Argo Rollouts v1.8.3): the first state in `canaryVerdicts` that applies, and the one
// to three findings that decided it. Pure.

export const canaryVerdicts = [
  'rolled-back',
  'misconfigured',
  'failing',
  'stalled',
  'at-risk',
  'paused',
  'unknown',
  'progressing',
  'complete',
  'no-canary',
] as const;
export type CanaryVerdict = (typeof canaryVerdicts)[number];

export type CanaryDecision = {
  readonly verdict: CanaryVerdict;
  /** The findings that decided it (1–3), or none for a state decided by configuration alone. */
  readonly why: readonly Finding[];
  /** One sentence for the headline. */
  readonly reason: string;
  readonly findings: readonly Finding[];
  readonly inProgress: boolean;
};

/**
 * Which state a finding pushes towards. R: routing (error misconfigured, warning at-risk); P, H,
 * T01/T02: error failing, warning at-risk; T03 and C10 unknown; C-checks by their meaning.
 */
export function stateOf(f: Finding, controllerSaysRolledBack: boolean): CanaryVerdict | undefined {
  if (f.severity === 'pass') return undefined;
  const n = Number(f.code.slice(4));
  const serious = f.severity === 'error';
  switch (n) {
    case 433:
    case 460:
      return 'unknown';
    case 451:
      return 'at-risk';
    case 452:
      return 'failing';
    case 453:
    case 457:
    case 459:
      return 'paused';
    case 454:
      return 'stalled';
    case 455:
    case 456:
      return controllerSaysRolledBack ? 'rolled-back' : 'failing';
    case 458:
      return 'misconfigured';
  }
  if (n >= 401 && n <= 420)
    return serious ? 'misconfigured' : f.severity === 'warning' ? 'at-risk' : undefined;
  if (n >= 421 && n <= 450) return serious ? 'failing' : f.severity === 'warning' ? 'at-risk' : undefined;
  return undefined;
}

/** Flagger Failed; Argo aborted, or Degraded because the rollout was aborted. */
export function controllerSaysRolledBack(input: CanaryInput): boolean {
  const c = input.controller;
  if (c.kind === 'flagger') return c.canary.status?.phase === 'Failed';
  if (c.kind === 'argo') {
    const s = c.rollout.status;
    return (
      s?.abort === true ||
      (s?.phase === 'Degraded' &&
        (s.conditions ?? []).some((x) => x.reason === 'RolloutAborted' && x.status === 'True'))
    );
  }
  return false;
}

const flaggerIdle = new Set([
  'Initializing',
  'Initialized',
  'Succeeded',
  'Failed',
  'Terminating',
  'Terminated',
  '',
]);

/** Is something being rolled out (a canary that UNKNOWN may apply to), and is it done. */
export function progressOf(input: CanaryInput): { inProgress: boolean; complete: boolean } {
  const c = input.controller;
  if (c.kind === 'flagger') {
    const phase = c.canary.status?.phase ?? '';
    return { inProgress: !flaggerIdle.has(phase), complete: phase === 'Succeeded' };
  }
  if (c.kind === 'argo') {
    const s = c.rollout.status;
    const promoted = !!s?.currentPodHash && s.currentPodHash === s.stableRS;
    return { inProgress: !promoted && s?.abort !== true, complete: promoted && s?.phase !== 'Degraded' };
  }
  // Plain Istio: the canary gets a share of the default route, or a header route sends requests to it.
  const canary = input.canary;
  const shared = (input.split?.destinations ?? []).filter((d) => d.effective > 0).length >= 2;
  const headerRoute =
    !!canary &&
    (input.split?.vs.spec.http ?? []).some(
      (r, i) =>
        i !== input.split?.routeIndex &&
        (r.match ?? []).length > 0 &&
        (r.route ?? []).some((d) => d.destination?.subset === canary.subset && (d.weight ?? 100) > 0),
    );
  return { inProgress: shared || headerRoute, complete: false };
}

export function runCanaryChecks(checks: readonly CanaryCheck[], input: CanaryInput): Finding[] {
  return checks.flatMap((c) => c.run(input)).sort(compareFindings);
}

export function decideCanary(input: CanaryInput, findings: readonly Finding[]): CanaryDecision {
  const rolledBack = controllerSaysRolledBack(input);
  const { inProgress, complete } = progressOf(input);
  const byState = new Map<CanaryVerdict, Finding[]>();
  for (const f of findings) {
    const s = stateOf(f, rolledBack);
    if (!s) continue;
    byState.set(s, [...(byState.get(s) ?? []), f]);
  }
  const base = { findings, inProgress };
  if (rolledBack) {
    const why = (byState.get('rolled-back') ?? []).slice(0, 3);
    const c = input.controller;
    const said =
      c.kind === 'flagger'
        ? `Flagger rolled ${input.app} back (phase Failed): all traffic is on the primary.`
        : `Argo Rollouts aborted ${input.app}: traffic is back on the stable version.`;
    return { ...base, verdict: 'rolled-back', why, reason: why[0]?.message ?? said };
  }
  for (const state of ['misconfigured', 'failing', 'stalled', 'at-risk', 'paused'] as const) {
    const why = byState.get(state);
    if (why && why.length > 0)
      return { ...base, verdict: state, why: why.slice(0, 3), reason: why[0]?.message ?? state };
  }
  if (inProgress) {
    const why = byState.get('unknown') ?? [];
    if (why.length > 0)
      return { ...base, verdict: 'unknown', why: why.slice(0, 3), reason: why[0]?.message ?? 'unknown' };
    if (!input.metrics)
      return {
        ...base,
        verdict: 'unknown',
        why: [],
        reason: `The canary is in progress and its routing and pods look right, but its health cannot be judged: ${input.metricsWhy ?? 'no metrics were read'}.`,
      };
    return {
      ...base,
      verdict: 'progressing',
      why: [],
      reason: `Routing, pods and health pass: the canary serves ${input.canary?.effectiveWeight ?? '?'}% and is no worse than stable over the last ${formatWindow(input.windowSeconds)}.`,
    };
  }
  if (complete)
    return {
      ...base,
      verdict: 'complete',
      why: [],
      reason:
        input.controller.kind === 'flagger'
          ? `Flagger promoted ${input.app} (phase Succeeded): the primary runs the new version and carries all traffic.`
          : `Argo Rollouts promoted ${input.app}: the stable ReplicaSet is the current revision.`,
    };
  const only = input.split?.destinations.find((d) => d.effective > 0);
  return {
    ...base,
    verdict: 'no-canary',
    why: [],
    reason:
      input.controller.kind === 'flagger'
        ? `No rollout in progress: Flagger's phase is ${input.controller.canary.status?.phase ?? 'not set'} and the primary carries all traffic.`
        : `No rollout in progress: ${only ? `${only.subset ?? only.host} carries 100% of the traffic` : 'no destination carries traffic'}.`,
  };
}

export function formatWindow(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
