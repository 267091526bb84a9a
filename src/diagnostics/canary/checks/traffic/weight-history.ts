import type { KubeEvent } from '../../../../schemas/kube.ts';
import type { CanaryInput } from '../../canary-input.ts';
import { eventTime, parseFlaggerEvent } from '../controller/parse-flagger-event.ts';

// When the controller moved the canary's weight, from its own events (newest first): a window
// that spans a step holds requests split by the old weight and by the new one, so the observed
// split can only be held to the range of weights in force during the window. Flagger v1.36.1 says
// "Advance <c> canary weight N", "Advance <c> primary weight N" (stepWeightPromotion), "Routing all
// traffic to primary" (promotion), "Canary failed! Scaling down …" (rollback to 0) and "New
// revision detected! Restarting analysis …" (back to 0); Argo Rollouts v1.8.3 "Traffic weight
// updated [from A ]to B" (reason TrafficWeightUpdated).

export type WeightChange = {
  /** ms since the epoch. */
  readonly at: number;
  /** The canary's weight from then on (percent). */
  readonly weight: number;
  /** The weight before, when the event says it. */
  readonly from?: number;
};

function changeOf(event: KubeEvent, kind: 'flagger' | 'argo'): Omit<WeightChange, 'at'> | undefined {
  const msg = event.message ?? '';
  if (kind === 'argo') {
    if (event.reason !== 'TrafficWeightUpdated') return undefined;
    const m = /weight updated (?:from (\d+) )?to (\d+)/i.exec(msg);
    if (!m) return undefined;
    return { weight: Number(m[2]), ...(m[1] !== undefined ? { from: Number(m[1]) } : {}) };
  }
  const parsed = parseFlaggerEvent(msg);
  if (parsed.kind === 'advance' && parsed.weight !== undefined) return { weight: parsed.weight };
  const primary = /^Advance \S+ primary weight (\d+)/.exec(msg);
  if (primary) return { weight: 100 - Number(primary[1]) };
  if (parsed.kind === 'failed' || /^Routing all traffic to primary/.test(msg)) return { weight: 0 };
  if (/^New revision detected! Restarting analysis/.test(msg)) return { weight: 0 };
  return undefined;
}

/** The controller's weight changes, newest first (none for plain Istio). */
export function weightChanges(input: CanaryInput): WeightChange[] {
  const c = input.controller;
  if (c.kind === 'none') return [];
  const out: WeightChange[] = [];
  for (const e of c.events) {
    const change = changeOf(e, c.kind);
    const at = eventTime(e);
    if (change && at !== undefined) out.push({ at, ...change });
  }
  return out.sort((a, b) => b.at - a.at);
}

/**
 * Requests reach Prometheus a few seconds after the weights change (proxies pick up the route,
 * then a scrape): a change this long before the window's start still shows in it.
 */
export const weightLagMs = 10_000;

/**
 * The canary shares (0–1) in force at some point of the window: the current one, every weight
 * the controller set within it, and the one in force before its oldest change there (the event's
 * `from`, else the next older change, else 0: a Flagger run starts from 0). `changedSecondsAgo`:
 * the newest change inside the window.
 */
export function sharesOverWindow(
  input: CanaryInput,
  current: number,
): { min: number; max: number; changedSecondsAgo: number | undefined } {
  const start = input.now - input.windowSeconds * 1000 - weightLagMs;
  const changes = weightChanges(input);
  const inside = changes.filter((c) => c.at >= start && c.at <= input.now);
  if (inside.length === 0) return { min: current, max: current, changedSecondsAgo: undefined };
  const oldest = inside.at(-1) as WeightChange;
  const before = oldest.from ?? changes.find((c) => c.at < oldest.at)?.weight ?? 0;
  const shares = [current, before / 100, ...inside.map((c) => c.weight / 100)];
  return {
    min: Math.min(...shares),
    max: Math.max(...shares),
    changedSecondsAgo: Math.max(0, Math.round((input.now - (inside[0] as WeightChange).at) / 1000)),
  };
}
