import { describe, expect, it } from 'vitest';
import { canaryChartData } from '../../../src/diagnostics/canary/canary-chart.ts';
import type { PrometheusData } from '../../../src/schemas/prometheus.ts';
import {
  argoRollout,
  argoScene,
  event,
  flaggerCanary,
  flaggerScene,
} from '../../helpers/canary-controller-scenes.ts';
import { canaryInput, metrics, NOW } from '../../helpers/canary-input.ts';

// The chart's data from range answers grouped by (reporter, version): the chart draws the reporter
// the comparison used, keeps no-traffic points as gaps, and marks the controller's weight steps.

const t0 = NOW / 1000 - 300;
type Answer = { ok: true; result: PrometheusData };
/** A matrix answer: one series per (reporter, version), values by step index (null: no sample). */
function matrix(series: { reporter: string; version: string; values: (number | null)[] }[]): Answer {
  return {
    ok: true,
    result: {
      resultType: 'matrix',
      result: series.map((s) => ({
        metric: { reporter: s.reporter, destination_version: s.version },
        values: s.values.flatMap((v, i) => (v === null ? [] : [{ timestamp: t0 + i * 10, value: v }])),
      })),
    },
  };
}

describe('canaryChartData', () => {
  const range = {
    rpsOverTime: matrix([
      { reporter: 'destination', version: 'v1', values: [8, 8, 8] },
      { reporter: 'source', version: 'v1', values: [8.1, 8.1, 8.1] },
      // The canary is seen only by its callers (its subset selects no pod): 503 UH at the source.
      { reporter: 'source', version: 'v2', values: [2, 2, 2] },
    ]),
    errorsOverTime: matrix([
      { reporter: 'destination', version: 'v1', values: [0.001, 0.001, 0.001] },
      { reporter: 'source', version: 'v1', values: [0.002, 0.002, 0.002] },
      { reporter: 'source', version: 'v2', values: [1, 1, 1] },
    ]),
    p99OverTime: matrix([
      { reporter: 'destination', version: 'v1', values: [90, 91, Number.NaN] },
      { reporter: 'source', version: 'v1', values: [95, 95, 95] },
      { reporter: 'source', version: 'v2', values: [4, 4, 4] },
    ]),
  };

  it('draws the reporter the figures were compared on: a canary only callers see is drawn', () => {
    const data = canaryChartData(
      canaryInput({ metrics: metrics({ reporter: 'source' }) }),
      range,
      'destination_version',
    );
    const canary = data.series.find((s) => s.role === 'canary');
    const stable = data.series.find((s) => s.role === 'stable');
    expect(canary?.points.map((p) => [p.rps, p.errorShare, p.p99Ms])).toEqual([
      [2, 1, 4],
      [2, 1, 4],
      [2, 1, 4],
    ]);
    expect(stable?.points.map((p) => p.rps)).toEqual([8.1, 8.1, 8.1]);
    expect(data.from).toBe(t0);
    expect(data.to).toBe(NOW / 1000);
  });

  it('on the destination reporter, a version with no destination series has no points (never zeros)', () => {
    const data = canaryChartData(
      canaryInput({ metrics: metrics({ reporter: 'destination' }) }),
      range,
      'destination_version',
    );
    expect(data.series.find((s) => s.role === 'canary')?.points).toEqual([]);
    const stable = data.series.find((s) => s.role === 'stable');
    expect(stable?.points.map((p) => [p.rps, p.p99Ms])).toEqual([
      [8, 90],
      [8, 91],
      // NaN from Prometheus (no requests in the histogram's rate) is a gap, not 0.
      [8, null],
    ]);
  });

  it('labels the series by version and the title by app, namespace and window', () => {
    const data = canaryChartData(canaryInput({ metrics: metrics() }), range, 'destination_version');
    expect(data.series.map((s) => s.label)).toEqual(['stable (v1)', 'canary (v2)']);
    expect(data.title).toBe('checkout · shop — canary vs stable, last 5m');
  });

  it('a failed range query draws nothing for it rather than a flat line', () => {
    const data = canaryChartData(
      canaryInput({ metrics: metrics() }),
      { ...range, rpsOverTime: { ok: false, message: 'timeout' } },
      'destination_version',
    );
    for (const s of data.series) for (const p of s.points) expect(p.rps).toBeNull();
  });

  it("marks the controller's weight steps inside the window, oldest first, as weight-history reads them", () => {
    const flagger = flaggerScene(flaggerCanary(), [
      // Newest first, as the API lists them.
      event('Canary failed! Scaling down checkout.shop', { type: 'Warning', minutesAgo: 1 }),
      event('Advance checkout.shop canary weight 20', { minutesAgo: 2 }),
      event('Advance checkout.shop canary weight 10', { minutesAgo: 4 }),
      event('Advance checkout.shop canary weight 5', { minutesAgo: 9 }),
    ]);
    const data = canaryChartData(flagger, range, 'destination_version');
    expect(data.weightSteps).toEqual([
      { t: NOW / 1000 - 240, weight: 10 },
      { t: NOW / 1000 - 120, weight: 20 },
      { t: NOW / 1000 - 60, weight: 0 },
    ]);
    const argo = argoScene(argoRollout(), {
      events: [
        event('Traffic weight updated from 10 to 30', {
          reason: 'TrafficWeightUpdated',
          kind: 'Rollout',
          minutesAgo: 3,
        }),
        // Not a weight change, though it names one.
        event('Rollout step 2/8 completed (setWeight: 10)', {
          reason: 'RolloutStepCompleted',
          kind: 'Rollout',
        }),
      ],
    });
    expect(canaryChartData(argo, range, 'destination_version').weightSteps).toEqual([
      { t: NOW / 1000 - 180, weight: 30 },
    ]);
  });
});
