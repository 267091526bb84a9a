import { describe, expect, it } from 'vitest';
import { defaultCanarySettings } from '../../../src/diagnostics/canary/canary-settings.ts';
import { canary4xxShift } from '../../../src/diagnostics/canary/checks/health/canary-4xx-shift.ts';
import { canaryBreaksLimit } from '../../../src/diagnostics/canary/checks/health/canary-breaks-limit.ts';
import { canaryWorseThanStable } from '../../../src/diagnostics/canary/checks/health/canary-worse-than-stable.ts';
import { flaggerParity } from '../../../src/diagnostics/canary/checks/health/flagger-parity.ts';
import { grpcErrors } from '../../../src/diagnostics/canary/checks/health/grpc-errors.ts';
import { healthChecks } from '../../../src/diagnostics/canary/checks/health/health-checks.ts';
import {
  flaggerCanary,
  flaggerScene,
  only,
  run,
  severitiesOf,
} from '../../helpers/canary-controller-scenes.ts';
import { canaryInput, metrics, versionMetrics } from '../../helpers/canary-input.ts';
import { expectCheckList } from '../../helpers/expect-check-list.ts';

const flaggerLimits = {
  ...defaultCanarySettings,
  minSuccessRatePercent: 99,
  maxP99Ms: 500,
  limitsFrom: 'Flagger checkout: min success 99%, max 500ms',
};
const withCanary = (
  over: Parameters<typeof versionMetrics>[0],
  stable: Parameters<typeof versionMetrics>[0] = {},
) =>
  metrics({
    canary: versionMetrics({ requests: 300, ...over }),
    stable: versionMetrics({ requests: 700, ...stable }),
  });

describe('health checks registry', () => {
  it('is sorted by id with the fixed codes', () => {
    expectCheckList(healthChecks, ['MESH0441', 'MESH0442', 'MESH0443', 'MESH0444', 'MESH0445'], /^H0\d · /);
  });
  it('never passes without evidence: nothing without metrics or below the minimum', () => {
    const few = metrics({
      canary: versionMetrics({
        requests: 49,
        errorShare: 0.5,
        p99Ms: 5000,
        share4xx: 0.9,
        grpcErrorShare: 0.9,
      }),
    });
    for (const c of healthChecks) {
      expect(run(c, canaryInput({ metrics: undefined }))).toEqual([]);
      expect(run(c, canaryInput({ metrics: few }))).toEqual([]);
    }
  });
});

describe('H01 canary-breaks-limit', () => {
  it("errors below the controller's minimum success rate, saying where the limit came from", () => {
    const f = only(
      canaryBreaksLimit,
      canaryInput({ settings: flaggerLimits, metrics: withCanary({ errorShare: 0.0386 }) }),
    );
    expect(f.severity).toBe('error');
    expect(f.message).toContain('success rate 96.14% < 99%');
    expect(f.message).toContain('Flagger checkout');
  });
  it('errors above the maximum p99', () => {
    const f = only(
      canaryBreaksLimit,
      canaryInput({ settings: flaggerLimits, metrics: withCanary({ p99Ms: 1500 }) }),
    );
    expect(f.message).toContain('p99 1500ms > 500ms');
  });
  it('falls back to Kiali’s 10 % without controller limits', () => {
    const f = only(canaryBreaksLimit, canaryInput({ metrics: withCanary({ errorShare: 0.12 }) }));
    expect(f.message).toContain('5xx 12% ≥ 10%');
    expect(
      severitiesOf(canaryBreaksLimit, canaryInput({ metrics: withCanary({ errorShare: 0.09 }) })),
    ).toEqual(['pass']);
  });
  it('passes within the limits', () => {
    expect(severitiesOf(canaryBreaksLimit, canaryInput({ settings: flaggerLimits }))).toEqual(['pass']);
  });
  it('labels mirrored traffic', () => {
    const input = flaggerScene(flaggerCanary({ analysis: { mirror: true } }), [], {
      metrics: withCanary({ errorShare: 0.2 }),
    });
    expect(only(canaryBreaksLimit, input).facts.some((f) => f.label === 'mirror traffic')).toBe(true);
  });
});

describe('H02 canary-worse-than-stable', () => {
  it('warns on 5xx beyond +1 point and 2×', () => {
    const f = only(
      canaryWorseThanStable,
      canaryInput({ metrics: withCanary({ errorShare: 0.024 }, { errorShare: 0.001 }) }),
    );
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('5xx 2.4% vs 0.1%');
  });
  it('warns on p99 beyond 1.5× and +50 ms', () => {
    const f = only(
      canaryWorseThanStable,
      canaryInput({ metrics: withCanary({ p99Ms: 410 }, { p99Ms: 180 }) }),
    );
    expect(f.message).toContain('p99 410ms vs 180ms');
  });
  it('needs both bands: a doubled tiny rate or a small slowdown is not worse', () => {
    expect(
      severitiesOf(
        canaryWorseThanStable,
        canaryInput({ metrics: withCanary({ errorShare: 0.004 }, { errorShare: 0.001 }) }),
      ),
    ).toEqual(['pass']);
    expect(
      severitiesOf(canaryWorseThanStable, canaryInput({ metrics: withCanary({ p99Ms: 60 }, { p99Ms: 20 }) })),
    ).toEqual(['pass']);
  });
  it('needs the minimum on the stable too', () => {
    expect(
      run(canaryWorseThanStable, canaryInput({ metrics: withCanary({ errorShare: 0.5 }, { requests: 10 }) })),
    ).toEqual([]);
  });
});

describe('H03 canary-4xx-shift', () => {
  it('warns at ≥ 10 % and 2× stable', () => {
    const f = only(
      canary4xxShift,
      canaryInput({ metrics: withCanary({ share4xx: 0.15 }, { share4xx: 0.02 }) }),
    );
    expect(f.severity).toBe('warning');
  });
  it('passes when stable answers as many 4xx', () => {
    expect(
      severitiesOf(
        canary4xxShift,
        canaryInput({ metrics: withCanary({ share4xx: 0.15 }, { share4xx: 0.12 }) }),
      ),
    ).toEqual(['pass']);
  });
});

describe('H04 grpc-errors', () => {
  it('errors past the absolute rule', () => {
    expect(
      only(
        grpcErrors,
        canaryInput({ metrics: withCanary({ grpcErrorShare: 0.2 }, { grpcErrorShare: 0.01 }) }),
      ).severity,
    ).toBe('error');
    expect(
      only(
        grpcErrors,
        canaryInput({
          settings: flaggerLimits,
          metrics: withCanary({ grpcErrorShare: 0.02 }, { grpcErrorShare: 0.02 }),
        }),
      ).severity,
    ).toBe('error');
  });
  it('warns when worse than stable under the absolute limit', () => {
    const f = only(
      grpcErrors,
      canaryInput({ metrics: withCanary({ grpcErrorShare: 0.05 }, { grpcErrorShare: 0.005 }) }),
    );
    expect(f.severity).toBe('warning');
  });
  it('passes when fine; nothing without gRPC traffic', () => {
    expect(
      severitiesOf(
        grpcErrors,
        canaryInput({ metrics: withCanary({ grpcErrorShare: 0.001 }, { grpcErrorShare: 0.001 }) }),
      ),
    ).toEqual(['pass']);
    expect(run(grpcErrors, canaryInput())).toEqual([]);
  });
});

describe('H05 flagger-parity', () => {
  it("shows what Flagger's queries say, against its thresholds", () => {
    const input = flaggerScene(flaggerCanary(), [], {
      metrics: withCanary({ errorShare: 0.0386, p99Ms: 410 }),
    });
    const f = only(flaggerParity, input);
    expect(f.severity).toBe('info');
    expect(f.message).toContain('request-success-rate 96.14% (min 99%: fails)');
    expect(f.message).toContain('request-duration 410ms (max 500ms: passes)');
  });
  it('says Flagger finds no values when the canary has no destination-side series', () => {
    const input = flaggerScene(flaggerCanary(), [], {
      metrics: withCanary({ destinationRequests: 0, sourceRequests: 300 }),
    });
    expect(only(flaggerParity, input).message).toContain('no values');
  });
  it('applies only to Flagger with metrics', () => {
    expect(run(flaggerParity, canaryInput())).toEqual([]);
    expect(run(flaggerParity, flaggerScene(flaggerCanary(), [], { metrics: undefined }))).toEqual([]);
  });
});
