import type { CauseSpec } from '../../../../core/check.ts';
import type { Fact } from '../../../../core/finding.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { defaultCanarySettings } from '../../canary-settings.ts';
import { appRef, count } from '../traffic/traffic-shape.ts';
import { judgedCanary, mirrorFacts, ms, pct2 } from './health-shared.ts';

export const canaryBreaksLimitCause: CauseSpec = {
  code: 'MESH0441',
  cause: 'canary-breaks-limit',
  title: 'H01 · Canary breaks an absolute limit',
  severities: ['error', 'pass'],
};

// The controller's own limits when it has them (Flagger's request-success-rate min and
// request-duration max, filled into settings by the lead); without a success-rate limit, Kiali's
// rule: a 5xx share at or above 10% is a failure. Judged on the canary's destination-side volume,
// only with the §6.4 minimum of requests (below it T03 explains).
export const canaryBreaksLimit: CanaryCheck = {
  id: 'canary.canary-breaks-limit',
  area: 'canary',
  title: "The canary stays within the controller's limits",
  needs: ['namespacePods', 'flaggerCanaries', 'meshVirtualServices'],
  emits: [canaryBreaksLimitCause],
  run(input) {
    const v = judgedCanary(input);
    if (!v) return [];
    const s = input.settings;
    const broken: string[] = [];
    const facts: Fact[] = [{ label: 'canary requests', value: count(v.requests) }];
    if (v.errorShare !== null) {
      const success = 1 - v.errorShare;
      if (s.minSuccessRatePercent !== undefined) {
        facts.push({
          label: 'success rate',
          value: `${pct2(success)} (min ${s.minSuccessRatePercent}%, ${s.limitsFrom})`,
        });
        if (success * 100 < s.minSuccessRatePercent) {
          broken.push(`success rate ${pct2(success)} < ${s.minSuccessRatePercent}% (${s.limitsFrom})`);
        }
      } else {
        const from = s.maxP99Ms !== undefined ? defaultCanarySettings.limitsFrom : s.limitsFrom;
        facts.push({
          label: '5xx share',
          value: `${pct2(v.errorShare)} (failure at ${pct2(s.absoluteErrorShare)}, ${from})`,
        });
        if (v.errorShare >= s.absoluteErrorShare) {
          broken.push(`5xx ${pct2(v.errorShare)} ≥ ${pct2(s.absoluteErrorShare)} (${from})`);
        }
      }
    }
    if (v.p99Ms !== null && s.maxP99Ms !== undefined) {
      facts.push({ label: 'p99', value: `${ms(v.p99Ms)} (max ${ms(s.maxP99Ms)}, ${s.limitsFrom})` });
      if (v.p99Ms > s.maxP99Ms) broken.push(`p99 ${ms(v.p99Ms)} > ${ms(s.maxP99Ms)} (${s.limitsFrom})`);
    }
    facts.push(...mirrorFacts(input));
    const subject = appRef(input);
    if (broken.length === 0) {
      return [
        canaryPass(
          canaryBreaksLimitCause,
          subject,
          `The canary is within its limits over ${count(v.requests)} requests.`,
        ),
      ];
    }
    return [
      canaryFinding(canaryBreaksLimitCause, {
        severity: 'error',
        subject,
        message: `The canary breaks its limit: ${broken.join('; ')}, over ${count(v.requests)} requests in the window.`,
        facts,
        fix: {
          text: "Read the canary's logs for the failing requests; if a controller drives it, it rolls back on its own after its threshold:",
          command: `${input.kubectl} logs -n ${input.namespace} -l ${canaryLogSelector(input)} -c istio-proxy --tail=50`,
        },
      }),
    ];
  },
};

/** A label selector for the canary's pods: its subset labels, else its version label. */
function canaryLogSelector(input: Parameters<CanaryCheck['run']>[0]): string {
  const labels = input.canary?.subsetLabels ?? input.canary?.pods[0]?.metadata.labels ?? {};
  const pairs = Object.entries(labels).slice(0, 3);
  return pairs.length > 0 ? pairs.map(([k, v]) => `${k}=${v}`).join(',') : `app=${input.app}`;
}
