import type { CanaryChartData } from '../../core/canary-chart-data.ts';
import type { PrometheusData } from '../../schemas/prometheus.ts';
import type { CanaryInput, MetricKey } from './canary-input.ts';
import type { RangeQueryId } from './canary-queries.ts';
import { weightChanges } from './checks/traffic/weight-history.ts';
import { formatWindow } from './decide-canary.ts';

// The chart's data (canary vs stable over the window: request rate, 5xx share, p99; weight steps
// marked), from the range answers. Pure; renderers/chart/render-canary-chart.ts draws it. A point without traffic is null
// (a gap), never 0: NaN from Prometheus is "no requests", not "no errors".

type Answer = { ok: true; result: PrometheusData } | { ok: false; message: string };

function byTime(
  answer: Answer | undefined,
  label: string,
  value: string,
  reporter: string,
): Map<number, number> {
  const out = new Map<number, number>();
  if (!answer?.ok || answer.result.resultType !== 'matrix') return out;
  for (const series of answer.result.result)
    if (series.metric[label] === value && series.metric.reporter === reporter)
      for (const s of series.values) out.set(Math.round(s.timestamp), s.value);
  return out;
}

const orNull = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);

/** The weight steps the controller's events tell of within the window (weight-history.ts reads them). */
const weightSteps = (input: CanaryInput, from: number): { t: number; weight: number }[] =>
  weightChanges(input)
    .filter((c) => c.at / 1000 >= from)
    .map((c) => ({ t: c.at / 1000, weight: c.weight }))
    .reverse();

export function canaryChartData(
  input: CanaryInput,
  range: Partial<Record<RangeQueryId, Answer>>,
  label: MetricKey['label'],
): CanaryChartData {
  const to = input.now / 1000;
  const from = to - input.windowSeconds;
  // The reporter the figures were compared on, so the chart and the table tell the same story.
  const reporter = input.metrics?.reporter ?? 'destination';
  const series = (['stable', 'canary'] as const).flatMap((role) => {
    const v = role === 'stable' ? input.stable : input.canary;
    const key = v?.metricKey?.value;
    if (!v || !key) return [];
    const rps = byTime(range.rpsOverTime, label, key, reporter);
    const errors = byTime(range.errorsOverTime, label, key, reporter);
    const p99 = byTime(range.p99OverTime, label, key, reporter);
    const times = [...new Set([...rps.keys(), ...errors.keys(), ...p99.keys()])].sort((a, b) => a - b);
    return [
      {
        label: `${role} (${v.versionLabel ?? v.name})`,
        role,
        points: times.map((t) => {
          const r = orNull(rps.get(t));
          return {
            t,
            rps: r,
            errorShare: r ? orNull(errors.get(t)) : null,
            p99Ms: r ? orNull(p99.get(t)) : null,
          };
        }),
      },
    ];
  });
  return {
    title: `${input.app} · ${input.namespace} — canary vs stable, last ${formatWindow(input.windowSeconds)}`,
    from,
    to,
    series,
    weightSteps: weightSteps(input, from),
  };
}
