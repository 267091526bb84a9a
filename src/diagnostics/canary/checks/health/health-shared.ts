import type { Fact } from '../../../../core/finding.ts';
import type { CanaryInput } from '../../canary-input.ts';
import { mirrorActive } from '../traffic/traffic-shape.ts';

// What every health check shares: the minimum volume per version (§6.4: below it, say nothing
// and let T03 explain) and the mirror label (§8.8).

/** The canary's metrics when they carry at least the error checks' minimum of requests. */
export function judgedCanary(input: CanaryInput) {
  const v = input.metrics?.canary;
  return v && v.requests >= input.settings.minErrorRequests ? v : undefined;
}

/** The stable's metrics under the same rule. */
export function judgedStable(input: CanaryInput) {
  const v = input.metrics?.stable;
  return v && v.requests >= input.settings.minErrorRequests ? v : undefined;
}

/** A fact saying the canary's volume includes mirrored requests, when it does. */
export function mirrorFacts(input: CanaryInput): Fact[] {
  const why = mirrorActive(input);
  return why
    ? [{ label: 'mirror traffic', value: `${why}: the canary's numbers include mirrored requests` }]
    : [];
}

/** Percent with two decimals for rates near a limit: 99.25%. */
export const pct2 = (share: number): string => `${Math.round(share * 10000) / 100}%`;

export const ms = (v: number): string => `${Math.round(v)}ms`;
