import * as z from 'zod/mini';
import type { InstantQueryId, RangeQueryId } from '../../diagnostics/canary/canary-queries.ts';
import type { QueryAnswer } from '../../diagnostics/canary/metrics-from-results.ts';
import { PrometheusDataSchema } from '../../schemas/prometheus.ts';

// The demo's Prometheus: answers a real Prometheus gave to canary status's queries, recorded per
// demo app by scripts/record-demo-metrics.ts (the traffic stand-in scraped by Debian's Prometheus)
// into demo-metrics/canary.json. Read through the same schema as a live answer. The recording is
// moved to the demo's instant (`demoNow`), the clock the demo's canaries are written against, so
// ages, stalls, pauses and the chart's axis agree.

/** The demo's clock for canary status: its manifests' timestamps and the recording are set to it. */
export const demoNow = Date.parse('2026-11-30T12:00:00Z');

const RecordedCase = z.object({
  evaluatedAt: z.number(),
  dataAgeSeconds: z.nullable(z.number()),
  windowSeconds: z.number(),
  /** The PromQL each answer was given to: the demo refuses answers recorded for other queries. */
  promql: z.record(z.string(), z.string()),
  instant: z.record(z.string(), z.unknown()),
  range: z.record(z.string(), z.unknown()),
});
const RecordedFile = z.object({
  recordedWith: z.string(),
  /** When the answers were really recorded (they are stored shifted to demoNow). */
  recordedAt: z.string(),
  cases: z.record(z.string(), RecordedCase),
});

const recordedPath = () => new URL('../../../demo-metrics/canary.json', import.meta.url);

/** A Prometheus answer with every sample moved by `by` seconds (the recording script moves it to demoNow). */
export function shifted(data: unknown, by: number): unknown {
  const parsed = PrometheusDataSchema.safeParse(data);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const raw = (t: number, v: number) => [t + by, Number.isNaN(v) ? 'NaN' : String(v)];
  if (d.resultType === 'vector')
    return {
      resultType: 'vector',
      result: d.result.map((r) => ({ metric: r.metric, value: raw(r.value.timestamp, r.value.value) })),
    };
  if (d.resultType === 'matrix')
    return {
      resultType: 'matrix',
      result: d.result.map((r) => ({
        metric: r.metric,
        values: r.values.map((s) => raw(s.timestamp, s.value)),
      })),
    };
  return data;
}

function answer(data: unknown): QueryAnswer {
  const parsed = PrometheusDataSchema.safeParse(data);
  return parsed.success
    ? { ok: true, result: parsed.data }
    : { ok: false, message: 'the recorded answer is malformed' };
}

export async function readRecordedMetrics(key: string): Promise<
  | {
      instant: Partial<Record<InstantQueryId, QueryAnswer>>;
      range: Partial<Record<RangeQueryId, QueryAnswer>>;
      evaluatedAt: number;
      dataAgeSeconds: number | undefined;
      windowSeconds: number;
      recordedAt: number;
      promql: Record<string, string>;
    }
  | undefined
> {
  const { readFile } = process.getBuiltinModule('node:fs/promises');
  const text = await readFile(recordedPath(), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const file = RecordedFile.safeParse(json);
  if (!file.success) return undefined;
  const c = file.data.cases[key];
  if (!c) return undefined;
  const map = (answers: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(answers).map(([id, data]) => [id, answer(data)]));
  return {
    instant: map(c.instant),
    range: map(c.range),
    evaluatedAt: c.evaluatedAt,
    dataAgeSeconds: c.dataAgeSeconds ?? undefined,
    windowSeconds: c.windowSeconds,
    recordedAt: Date.parse(file.data.recordedAt) / 1000,
    promql: c.promql,
  };
}
