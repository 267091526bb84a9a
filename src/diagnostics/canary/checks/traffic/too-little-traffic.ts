import type { CauseSpec } from '../../../../core/check.ts';
import type { Fact } from '../../../../core/finding.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { abTesting, appRef, blueGreen, configuredCanaryShare, count, mirrorActive } from './traffic-shape.ts';

export const tooLittleTrafficCause: CauseSpec = {
  code: 'MESH0433',
  cause: 'too-little-traffic',
  title: 'T03 · Too little traffic to judge',
  severities: ['info', 'pass'],
};

// Below §6.4's minimums the split and health checks say nothing rather than pass: this finding
// says why, so an in-progress canary is UNKNOWN, never healthy. The same condition Flagger calls
// "no values found". Silent when no canary is meant to get traffic (weight 0, no match, no mirror).
export const tooLittleTraffic: CanaryCheck = {
  id: 'canary.too-little-traffic',
  area: 'canary',
  title: 'There is enough traffic to judge the canary',
  needs: ['meshVirtualServices', 'flaggerCanaries', 'argoRollouts'],
  emits: [tooLittleTrafficCause],
  run(input) {
    const m = input.metrics;
    if (!m || !input.canary) return [];
    const share = configuredCanaryShare(input) ?? 0;
    const byMatch = abTesting(input);
    const expected = share > 0 || byMatch !== undefined || mirrorActive(input) !== undefined;
    if (!expected) return [];
    const s = input.settings;
    const c = m.observed.canaryRequests;
    const n = c + m.observed.stableRequests;
    const short: string[] = [];
    const facts: Fact[] = [
      { label: 'window', value: `${input.windowSeconds}s` },
      { label: 'requests (reporter=source)', value: `${count(n)} total, ${count(c)} to the canary` },
    ];
    if (!byMatch && !blueGreen(input)) {
      if (n < s.minSplitTotal)
        short.push(`n=${count(n)} in total, the split check needs ≥ ${s.minSplitTotal}`);
      else if (c < s.minSplitCanary && c > 0)
        short.push(`n=${count(c)} on the canary, the split check needs ≥ ${s.minSplitCanary}`);
    }
    const canaryN = m.canary?.requests ?? 0;
    const stableN = m.stable?.requests ?? 0;
    if (canaryN < s.minErrorRequests)
      short.push(`n=${count(canaryN)} on the canary, error checks need ≥ ${s.minErrorRequests} per version`);
    else if (stableN < s.minErrorRequests)
      short.push(
        `n=${count(stableN)} on the stable, comparing versions needs ≥ ${s.minErrorRequests} per version`,
      );
    facts.push({
      label: 'health volume (per version)',
      value: `canary ${count(canaryN)}, stable ${count(stableN)}`,
    });
    const subject = appRef(input);
    if (short.length === 0) {
      return [
        canaryPass(
          tooLittleTrafficCause,
          subject,
          `Enough traffic to judge: ${count(n)} requests in the window, ${count(canaryN)} on the canary.`,
        ),
      ];
    }
    return [
      canaryFinding(tooLittleTrafficCause, {
        severity: 'info',
        subject,
        message: `Too little traffic to judge the canary: ${short.join('; ')}.${byMatch ? ` ${byMatch}: only requests that match reach it.` : ''}`,
        facts,
        fix: {
          text: `Wait for more traffic, widen the window (--window), or send test load to the app${byMatch ? ' with the matching header' : ''}.`,
        },
      }),
    ];
  },
};
