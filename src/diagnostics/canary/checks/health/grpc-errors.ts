import type { CauseSpec } from '../../../../core/check.ts';
import type { Fact } from '../../../../core/finding.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { appRef, count } from '../traffic/traffic-shape.ts';
import { shareWorse } from './canary-worse-than-stable.ts';
import { judgedCanary, judgedStable, mirrorFacts, pct2 } from './health-shared.ts';

export const grpcErrorsCause: CauseSpec = {
  code: 'MESH0444',
  cause: 'grpc-errors',
  title: 'H04 · gRPC errors on the canary',
  severities: ['error', 'warning', 'pass'],
};

// A gRPC failure travels as HTTP 200 with grpc-status ≠ 0: the 5xx checks (and Flagger's
// success rate) never see it. H01's rule (controller minimum, else Kiali's 10%) makes it an
// error, H02's (+points and ×stable) a warning.
export const grpcErrors: CanaryCheck = {
  id: 'canary.grpc-errors',
  area: 'canary',
  title: 'The canary answers gRPC without errors',
  needs: ['flaggerCanaries', 'meshVirtualServices'],
  emits: [grpcErrorsCause],
  run(input) {
    const c = judgedCanary(input);
    if (!c || c.grpcErrorShare === null) return [];
    const s = input.settings;
    const share = c.grpcErrorShare;
    const st = judgedStable(input);
    const facts: Fact[] = [
      { label: 'canary gRPC errors', value: `${pct2(share)} of ${count(c.requests)} requests` },
    ];
    const absolute =
      s.minSuccessRatePercent !== undefined
        ? {
            broken: (1 - share) * 100 < s.minSuccessRatePercent,
            limit: `success ≥ ${s.minSuccessRatePercent}% (${s.limitsFrom})`,
          }
        : {
            broken: share >= s.absoluteErrorShare,
            limit: `errors < ${pct2(s.absoluteErrorShare)} (meshdoc default, Kiali)`,
          };
    facts.push({ label: 'limit', value: absolute.limit });
    if (st?.grpcErrorShare !== null && st?.grpcErrorShare !== undefined) {
      facts.push({ label: 'stable gRPC errors', value: pct2(st.grpcErrorShare) });
    }
    facts.push(...mirrorFacts(input));
    const subject = appRef(input);
    const fix = {
      text: "The failures are gRPC statuses, not HTTP codes: read the canary's logs and the grpc_response_status breakdown in Prometheus.",
    };
    if (absolute.broken) {
      return [
        canaryFinding(grpcErrorsCause, {
          severity: 'error',
          subject,
          message: `The canary fails ${pct2(share)} of gRPC calls (grpc-status ≠ 0), beyond the limit ${absolute.limit}; HTTP 5xx and Flagger's success rate do not count these.`,
          facts,
          fix,
        }),
      ];
    }
    if (
      st?.grpcErrorShare !== null &&
      st?.grpcErrorShare !== undefined &&
      shareWorse(share, st.grpcErrorShare, s)
    ) {
      return [
        canaryFinding(grpcErrorsCause, {
          severity: 'warning',
          subject,
          message: `The canary fails ${pct2(share)} of gRPC calls against ${pct2(st.grpcErrorShare)} on stable (worse by more than ${s.errorDeltaPp} points and ${s.errorRatio}×).`,
          facts,
          fix,
        }),
      ];
    }
    return [
      canaryPass(
        grpcErrorsCause,
        subject,
        `The canary's gRPC error share (${pct2(share)}) is within its limits.`,
      ),
    ];
  },
};
