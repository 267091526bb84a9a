import type { CauseSpec } from '../../../../core/check.ts';
import type { Fact } from '../../../../core/finding.ts';
import { canaryFinding, canaryPass, pct } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import {
  abTesting,
  appRef,
  blueGreen,
  configuredCanaryShare,
  count,
  mirrorActive,
  sessionAffinity,
} from './traffic-shape.ts';
import { sharesOverWindow } from './weight-history.ts';

export const splitDiffersCause: CauseSpec = {
  code: 'MESH0431',
  cause: 'split-differs',
  title: 'T01 · Observed split differs from the configured split',
  severities: ['error', 'warning', 'pass'],
};

/** The allowed deviation (0–1) around share p with n requests: max(tolerance, 3 binomial σ) (§6.4). */
export function splitTolerance(p: number, n: number, tolerancePp: number): number {
  const sigma = n > 0 ? Math.sqrt((p * (1 - p)) / n) : 1;
  return Math.max(tolerancePp / 100, 3 * sigma);
}

// The weights say where requests should go; reporter=source counts say where they went. A gap
// beyond chance means something else routes the app (a second VirtualService, a gateway route
// without the split, a controller rewriting weights) or the canary cannot take its share. Judged
// only with enough requests (canary.md §6.4); never while mirroring, for A/B or header-only
// canaries, or for Blue/Green (§8.8), where the weights are not what sends requests to the canary.
// A controller that moved the weight within the window (Flagger steps every interval, the default
// window is its metric interval) sent part of the window's requests by the old weight: the
// observed share is then held to the range of weights in force over the window (weight-history.ts).
export const splitDiffers: CanaryCheck = {
  id: 'canary.split-differs',
  area: 'canary',
  title: 'The observed split follows the configured weights',
  needs: ['meshVirtualServices', 'flaggerCanaries', 'argoRollouts'],
  emits: [splitDiffersCause],
  run(input) {
    const m = input.metrics;
    const p = configuredCanaryShare(input);
    if (!m || p === undefined) return [];
    if (mirrorActive(input) || abTesting(input) || blueGreen(input)) return [];
    const s = input.settings;
    const c = m.observed.canaryRequests;
    const n = c + m.observed.stableRequests;
    const subject = appRef(input);
    const vs = input.split?.vs.metadata.name;
    const over = sharesOverWindow(input, p);
    const moved = over.changedSecondsAgo !== undefined && over.max > over.min;
    const configured = moved ? `${pct(over.min)}–${pct(over.max)}` : pct(p);
    const facts: Fact[] = [
      {
        label: 'configured canary share',
        value: moved
          ? `${pct(p)} now; ${configured} over the window (the weight changed ${over.changedSecondsAgo}s ago)`
          : pct(p),
        ...(input.split
          ? {
              source: {
                kind: 'VirtualService',
                namespace: input.split.vs.metadata.namespace ?? input.namespace,
                name: vs ?? '',
              },
            }
          : {}),
      },
      {
        label: 'observed canary share',
        value: n > 0 ? `${pct(c / n)} (${count(c)} of ${count(n)} requests, reporter=source)` : 'no requests',
      },
    ];
    if (over.min > 0 && c === 0 && n >= s.minSplitTotal) {
      return [
        canaryFinding(splitDiffersCause, {
          severity: 'error',
          subject,
          message: `The canary received no request out of ${count(n)} although the split gives it ${pct(p)}: its destination does not take traffic (no ready endpoint, a route before the split catches everything, or callers bypass the VirtualService).`,
          facts,
          fix: {
            text: 'See which route and endpoints the callers use for the canary:',
            command: `istioctl x describe service ${input.service?.metadata.name ?? input.app} -n ${input.namespace}`,
          },
        }),
      ];
    }
    if (n < s.minSplitTotal || c < s.minSplitCanary) return []; // too little traffic: T03 says so
    const widen = sessionAffinity(input) ? 2 : 1;
    const tolerance =
      Math.max(
        splitTolerance(over.min, n, s.splitTolerancePp),
        splitTolerance(over.max, n, s.splitTolerancePp),
      ) * widen;
    const observed = c / n;
    // Below the lowest share in force over the window, or above the highest.
    const gap = observed < over.min ? observed - over.min : observed > over.max ? observed - over.max : 0;
    facts.push({
      label: 'tolerance',
      value: `±${pct(tolerance)}${widen > 1 ? ' (doubled: session affinity keeps returning users on their version)' : ''}`,
    });
    if (Math.abs(gap) <= tolerance) {
      return [
        canaryPass(
          splitDiffersCause,
          subject,
          moved
            ? `Observed canary share ${pct(observed)} lies within the ${configured} the weights gave it over the window (the weight changed ${over.changedSecondsAgo}s ago), ±${pct(tolerance)} (n=${count(n)}).`
            : `Observed canary share ${pct(observed)} matches the configured ${pct(p)} within ±${pct(tolerance)} (n=${count(n)}).`,
        ),
      ];
    }
    return [
      canaryFinding(splitDiffersCause, {
        severity: 'warning',
        subject,
        message: `The canary gets ${pct(observed)} of requests but the split gives it ${moved ? `${configured} over the window` : pct(p)}: ${Math.round(Math.abs(gap) * 1000) / 10} points ${gap < 0 ? 'less' : 'more'}, beyond the ±${pct(tolerance)} chance allows (n=${count(n)}). Something else routes part of the traffic (another VirtualService or a gateway route without the split, a controller rewriting weights), or plain TCP callers whose long-lived connections were balanced before the weights changed.`,
        facts,
        fix: {
          text: 'Compare every route that reaches the Service:',
          command: `${input.kubectl} get virtualservices -A -o wide | grep ${input.service?.metadata.name ?? input.app}`,
        },
      }),
    ];
  },
};
