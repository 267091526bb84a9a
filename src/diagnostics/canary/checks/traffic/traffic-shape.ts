import type { ObjectRef } from '../../../../core/finding.ts';
import { refOf } from '../../canary-finding.ts';
import type { CanaryInput } from '../../canary-input.ts';

// The shapes of rollout in which comparing the observed split with the weights means nothing
// (canary.md §8.8): mirroring, A/B or header-only canaries, Blue/Green. Each returns why, for the reply.

/** A mirror is active: mirrored requests reach the canary and inflate its destination-side volume. */
export function mirrorActive(input: CanaryInput): string | undefined {
  if (input.controller.kind === 'flagger' && input.controller.canary.spec.analysis?.mirror) {
    return `Canary ${input.controller.canary.metadata.name} mirrors traffic (analysis.mirror)`;
  }
  for (const vs of input.virtualServices) {
    if ((vs.spec.http ?? []).some((r) => r.mirror))
      return `VirtualService ${vs.metadata.name} mirrors traffic`;
  }
  return undefined;
}

/** A/B or header-only: the canary is reached by a match (header, cookie), not by weight. */
export function abTesting(input: CanaryInput): string | undefined {
  if (input.controller.kind === 'flagger') {
    const a = input.controller.canary.spec.analysis;
    if ((a?.match?.length ?? 0) > 0)
      return `Canary ${input.controller.canary.metadata.name} is an A/B test (analysis.match)`;
  }
  const canary = input.canary;
  const split = input.split;
  if (!canary || !split || (canary.effectiveWeight ?? 0) > 0) return undefined;
  // Weight 0 on the split, yet a matching route sends requests to the canary: header-only.
  const toCanary = (split.vs.spec.http ?? []).some(
    (r, i) =>
      i !== split.routeIndex &&
      (r.match?.length ?? 0) > 0 &&
      (r.route ?? []).some(
        (d) =>
          d.destination &&
          (canary.subset
            ? d.destination.subset === canary.subset
            : hostMatches(d.destination.host, canary.host)),
      ),
  );
  return toCanary
    ? `VirtualService ${split.vs.metadata.name} sends only matching requests to the canary`
    : undefined;
}

const hostMatches = (written: string, fqdn: string) => fqdn === written || fqdn.startsWith(`${written}.`);

/** Blue/Green: the weight is 0 or 100; only gates and analysis are reported. */
export function blueGreen(input: CanaryInput): string | undefined {
  const c = input.controller;
  if (c.kind === 'argo' && c.rollout.spec.strategy?.blueGreen)
    return `Rollout ${c.rollout.metadata.name} is Blue/Green`;
  if (c.kind === 'flagger') {
    const a = c.canary.spec.analysis;
    const stepped = a?.stepWeight !== undefined && a?.stepWeight !== null;
    const steps = (a?.stepWeights?.length ?? 0) > 0;
    if (a?.iterations && (a.match?.length ?? 0) === 0 && !stepped && !steps) {
      return `Canary ${c.canary.metadata.name} is Blue/Green (iterations without weights)`;
    }
  }
  return undefined;
}

/** Flagger session affinity: the split applies to new users only, so the observed split lags. */
export const sessionAffinity = (input: CanaryInput): boolean =>
  input.controller.kind === 'flagger' && Boolean(input.controller.canary.spec.analysis?.sessionAffinity);

/** The canary's configured share (0–1) of the split route, or undefined when unknown. */
export function configuredCanaryShare(input: CanaryInput): number | undefined {
  const dests = input.split?.destinations.filter((d) => d.role === 'canary') ?? [];
  if (dests.length > 0) return dests.reduce((s, d) => s + d.effective, 0);
  const w = input.canary?.effectiveWeight;
  return w === undefined ? undefined : w / 100;
}

/** What app-level findings are about: the Service, else the app. */
export function appRef(input: CanaryInput): ObjectRef {
  return input.service
    ? refOf('Service', input.service)
    : { kind: 'App', namespace: input.namespace, name: input.app };
}

/** 1240 → "1,240" (no Intl: ICU's first use costs milliseconds). */
export const count = (n: number): string => String(Math.round(n)).replace(/\B(?=(\d{3})+$)/g, ',');
