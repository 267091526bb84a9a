import type { CauseSpec } from '../../../../core/check.ts';
import type { Fact } from '../../../../core/finding.ts';
import type { FlaggerCanary, FlaggerMetric } from '../../../../schemas/rollouts.ts';
import { canaryFinding } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { canaryRef, flaggerOf } from '../controller/controller-state.ts';
import { count } from '../traffic/traffic-shape.ts';
import { ms, pct2 } from './health-shared.ts';

export const flaggerParityCause: CauseSpec = {
  code: 'MESH0445',
  cause: 'flagger-parity',
  title: "H05 · Flagger parity: what Flagger's own queries say now",
  severities: ['info'],
};

const builtin = (canary: FlaggerCanary, name: string): FlaggerMetric | undefined =>
  canary.spec.analysis?.metrics?.find((m) => m.name === name);

// Flagger's two built-in queries (§1.4) look only at its target (the canary Deployment),
// reporter=destination, 5xx only (4xx count as success): computed here from the canary's own
// numbers so the user sees Flagger's view next to meshdoc's. No destination-side series is what
// Flagger calls "no values found", and it counts as a failed check (#883, #1689).
export const flaggerParity: CanaryCheck = {
  id: 'canary.flagger-parity',
  area: 'canary',
  title: "What Flagger's own queries say now",
  needs: ['flaggerCanaries'],
  emits: [flaggerParityCause],
  run(input) {
    const flagger = flaggerOf(input);
    const m = input.metrics;
    if (!flagger || !m) return [];
    const canary = flagger.canary;
    const target = canary.spec.targetRef?.name ?? input.canary?.name ?? input.app;
    const v = m.canary;
    const subject = canaryRef(canary);
    const sr = builtin(canary, 'request-success-rate');
    const rd = builtin(canary, 'request-duration');
    const min = sr?.thresholdRange?.min ?? sr?.threshold ?? undefined;
    const max = rd?.thresholdRange?.max ?? rd?.threshold ?? undefined;
    const fix = {
      text: "Flagger's own decisions (and the values it measured) are in the Canary's events:",
      command: `${input.kubectl} describe canary ${canary.metadata.name} -n ${input.namespace}`,
    };
    const facts: Fact[] = [
      { label: 'Flagger target', value: `${target} (reporter=destination)`, source: subject },
      {
        label: 'window',
        value: `meshdoc ${input.windowSeconds}s; Flagger's metric interval ${sr?.interval ?? rd?.interval ?? '1m'}`,
      },
    ];
    if (!v || v.destinationRequests === 0) {
      return [
        canaryFinding(flaggerParityCause, {
          severity: 'info',
          subject,
          message: `Flagger's queries would find no values for ${target} now ("no values found … is not receiving traffic"), which counts as a failed check${v && v.sourceRequests > 0 ? `: callers sent it ${count(v.sourceRequests)} requests, but its pods report none (no sidecar?)` : ''}.`,
          facts,
          fix,
        }),
      ];
    }
    const said: string[] = [];
    if (v.errorShare !== null) {
      const rate = 1 - v.errorShare;
      const fails = min !== undefined && min !== null && rate * 100 < min;
      said.push(
        `request-success-rate ${pct2(rate)}${min !== undefined && min !== null ? ` (min ${min}%: ${fails ? 'fails' : 'passes'})` : ''}`,
      );
    }
    if (v.p99Ms !== null) {
      const fails = max !== undefined && max !== null && v.p99Ms > max;
      said.push(
        `request-duration ${ms(v.p99Ms)}${max !== undefined && max !== null ? ` (max ${ms(max)}: ${fails ? 'fails' : 'passes'})` : ''}`,
      );
    }
    facts.push({ label: 'canary requests (destination)', value: count(v.destinationRequests) });
    return [
      canaryFinding(flaggerParityCause, {
        severity: 'info',
        subject,
        message: `Flagger's own queries on ${target} would say now: ${said.join('; ') || 'no values'}. Flagger never compares with the primary.`,
        facts,
        fix,
      }),
    ];
  },
};
