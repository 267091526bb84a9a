import type { CanaryChartData } from '../../../src/core/canary-chart-data.ts';

// Five minutes of a canary being rolled out (10% → 30% → 50%): the canary starts serving 45 s in,
// has a gap (no traffic) mid-window, and its 5xx share and p99 climb after the 50% step.

export const from = 1_760_000_000;
export const to = from + 300;

const at = (i: number) => from + i * 15;

export const canaryData: CanaryChartData = {
  title: 'checkout · payments — canary vs stable, last 5m',
  from,
  to,
  series: [
    {
      label: 'stable (v1)',
      role: 'stable',
      points: Array.from({ length: 21 }, (_, i) => ({
        t: at(i),
        rps: 110 - (i > 8 ? 20 : 0),
        errorShare: 0.002,
        p99Ms: 180 + (i % 3) * 10,
      })),
    },
    {
      label: 'canary (v2)',
      role: 'canary',
      points: Array.from({ length: 21 }, (_, i) =>
        i < 3 || i === 11
          ? { t: at(i), rps: null, errorShare: null, p99Ms: null }
          : { t: at(i), rps: i > 8 ? 40 : 12, errorShare: i > 15 ? 0.07 : 0.003, p99Ms: i > 15 ? 480 : 200 },
      ),
    },
  ],
  weightSteps: [
    { t: from - 120, weight: 10 },
    { t: at(9), weight: 30 },
    { t: at(16), weight: 50 },
    { t: to + 60, weight: 100 },
  ],
};

export const emptyData: CanaryChartData = {
  title: 'checkout · payments — canary vs stable, last 5m',
  from,
  to,
  series: [],
  weightSteps: [],
};
