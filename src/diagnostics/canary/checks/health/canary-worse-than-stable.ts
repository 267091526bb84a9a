import type { CauseSpec } from '../../../../core/check.ts';
import type { Fact } from '../../../../core/finding.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import type { CanarySettings } from '../../canary-settings.ts';
import { appRef, count } from '../traffic/traffic-shape.ts';
import { judgedCanary, judgedStable, mirrorFacts, ms, pct2 } from './health-shared.ts';

export const canaryWorseThanStableCause: CauseSpec = {
  code: 'MESH0442',
  cause: 'canary-worse-than-stable',
  title: 'H02 · Canary worse than stable',
  severities: ['warning', 'pass'],
};

/** §8.7: canary − stable > errorDeltaPp points and canary ≥ errorRatio × stable. */
export function shareWorse(canary: number, stable: number, s: CanarySettings): boolean {
  return canary - stable > s.errorDeltaPp / 100 && canary >= s.errorRatio * stable;
}

/** §8.7: canary > p99Ratio × stable and more than p99DeltaMs slower. */
export function latencyWorse(canary: number, stable: number, s: CanarySettings): boolean {
  return canary > s.p99Ratio * stable && canary - stable > s.p99DeltaMs;
}

// Flagger looks at the canary alone (§1.4); the stable running beside it is the baseline that
// tells a bad release from a bad day. Both bands must be crossed (absolute and relative) so a
// tiny error rate doubling is not news. Both versions need the §6.4 minimum.
export const canaryWorseThanStable: CanaryCheck = {
  id: 'canary.canary-worse-than-stable',
  area: 'canary',
  title: 'The canary is no worse than stable',
  needs: ['flaggerCanaries', 'meshVirtualServices'],
  emits: [canaryWorseThanStableCause],
  run(input) {
    const c = judgedCanary(input);
    const st = judgedStable(input);
    if (!c || !st) return [];
    const s = input.settings;
    const worse: string[] = [];
    const facts: Fact[] = [
      { label: 'requests', value: `canary ${count(c.requests)}, stable ${count(st.requests)}` },
    ];
    if (c.errorShare !== null && st.errorShare !== null) {
      facts.push({
        label: '5xx',
        value: `canary ${pct2(c.errorShare)} vs stable ${pct2(st.errorShare)} (worse at +${s.errorDeltaPp} points and ${s.errorRatio}×)`,
      });
      if (shareWorse(c.errorShare, st.errorShare, s))
        worse.push(`5xx ${pct2(c.errorShare)} vs ${pct2(st.errorShare)}`);
    }
    if (c.p99Ms !== null && st.p99Ms !== null) {
      facts.push({
        label: 'p99',
        value: `canary ${ms(c.p99Ms)} vs stable ${ms(st.p99Ms)} (worse at ${s.p99Ratio}× and +${s.p99DeltaMs}ms)`,
      });
      if (latencyWorse(c.p99Ms, st.p99Ms, s)) worse.push(`p99 ${ms(c.p99Ms)} vs ${ms(st.p99Ms)}`);
    }
    facts.push(...mirrorFacts(input));
    const subject = appRef(input);
    if (worse.length === 0) {
      return [
        canaryPass(canaryWorseThanStableCause, subject, 'The canary is no worse than stable on 5xx and p99.'),
      ];
    }
    return [
      canaryFinding(canaryWorseThanStableCause, {
        severity: 'warning',
        subject,
        message: `The canary is worse than stable over the same window: ${worse.join('; ')}.`,
        facts,
        fix: {
          text: 'Compare the two versions before raising the weight; hold or abort the rollout if the gap persists.',
        },
      }),
    ];
  },
};
