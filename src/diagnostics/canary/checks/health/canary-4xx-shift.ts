import type { CauseSpec } from '../../../../core/check.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { appRef, count } from '../traffic/traffic-shape.ts';
import { judgedCanary, judgedStable, mirrorFacts, pct2 } from './health-shared.ts';

export const canary4xxShiftCause: CauseSpec = {
  code: 'MESH0443',
  cause: 'canary-4xx-shift',
  title: 'H03 · 4xx shift on the canary',
  severities: ['warning', 'pass'],
};

/** Kiali's 4xx "degraded" level, and how much worse than stable it must be. */
export const degraded4xxShare = 0.1;
export const ratio4xx = 2;

// Flagger counts 4xx as success (§1.4): a release that breaks an API contract (404s, 400s) passes
// its analysis. Compared with stable so an app that always answers many 404s is not flagged.
export const canary4xxShift: CanaryCheck = {
  id: 'canary.canary-4xx-shift',
  area: 'canary',
  title: 'The canary answers no more 4xx than stable',
  needs: ['flaggerCanaries', 'meshVirtualServices'],
  emits: [canary4xxShiftCause],
  run(input) {
    const c = judgedCanary(input);
    const st = judgedStable(input);
    if (!c || !st || c.share4xx === null || st.share4xx === null) return [];
    const subject = appRef(input);
    const facts = [
      {
        label: '4xx',
        value: `canary ${pct2(c.share4xx)} vs stable ${pct2(st.share4xx)} (warn at ≥ ${pct2(degraded4xxShare)} and ${ratio4xx}×)`,
      },
      { label: 'requests', value: `canary ${count(c.requests)}, stable ${count(st.requests)}` },
      ...mirrorFacts(input),
    ];
    if (c.share4xx >= degraded4xxShare && c.share4xx >= ratio4xx * st.share4xx) {
      return [
        canaryFinding(canary4xxShiftCause, {
          severity: 'warning',
          subject,
          message: `The canary answers ${pct2(c.share4xx)} of requests with 4xx against ${pct2(st.share4xx)} on stable: a changed API or route (Flagger counts 4xx as success, so its analysis does not see it).`,
          facts,
          fix: {
            text: "Compare the canary's 4xx paths with stable's in its access log (istio-proxy container) before promoting.",
          },
        }),
      ];
    }
    return [
      canaryPass(
        canary4xxShiftCause,
        subject,
        `The canary's 4xx share (${pct2(c.share4xx)}) is in line with stable (${pct2(st.share4xx)}).`,
      ),
    ];
  },
};
