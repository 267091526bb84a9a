// What the canary chart draws: plain data, built by the canary command from its metrics and
// rendered by render-canary-chart.ts. No ECharts types here, so the command's side never loads
// (or type-checks against) the charting library.

export type CanaryChartPoint = {
  /** Unix seconds. */
  t: number;
  /** Requests per second; null when the workload served nothing then (a gap, never zero). */
  rps: number | null;
  /** Share of responses that were 5xx, 0..1; null when there was no traffic. */
  errorShare: number | null;
  /** 99th percentile latency in milliseconds; null when there was no traffic. */
  p99Ms: number | null;
};

export type CanaryChartSeries = {
  /** e.g. "stable (v1)", "canary (v2)" */
  label: string;
  role: 'stable' | 'canary';
  /** Unix seconds, ascending; null values are gaps (no traffic), never zero. */
  points: readonly CanaryChartPoint[];
};

export type CanaryChartData = {
  /** e.g. "checkout · payments — canary vs stable, last 5m" */
  title: string;
  /** Unix seconds. */
  from: number;
  to: number;
  series: readonly CanaryChartSeries[];
  /** When the canary weight changed, and to what (percent). */
  weightSteps: readonly { t: number; weight: number }[];
};
