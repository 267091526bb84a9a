import type { CommandContext } from '../../core/command.ts';
import {
  type CanaryQueryId,
  type InstantQueryId,
  instantQueryIds,
  type PlannedQuery,
  type RangeQueryId,
  rangeQueryIds,
} from '../../diagnostics/canary/canary-queries.ts';
import type { QueryAnswer } from '../../diagnostics/canary/metrics-from-results.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';
import { demoNow, readRecordedMetrics } from '../prometheus/recorded-metrics.ts';
import { runPrometheusQueries } from '../prometheus/run-prometheus-queries.ts';

// Where canary status gets its metrics: the cluster's Prometheus (MESHDOC_PROMETHEUS_URL, or the
// per-context entry of MESHDOC_PROMETHEUS_URLS), the demo's recorded answers, or nowhere (saved
// files: health is then unknown and the reply says why). Never throws: a Prometheus that fails
// is an answer of its own ("unknown, because …"), never "healthy".

export type CanaryAnswers =
  | { kind: 'failed'; why: string }
  | {
      kind: 'ok';
      instant: Partial<Record<InstantQueryId, QueryAnswer>>;
      range: Partial<Record<RangeQueryId, QueryAnswer>>;
      /** Unix seconds. */
      evaluatedAt: number;
      dataAgeSeconds: number | undefined;
      /** The recorded window (demo), which wins over the asked one. */
      windowSeconds?: number;
      note?: string;
    };

export type CanaryPrometheus =
  | { kind: 'none'; why: string }
  | {
      kind: 'live' | 'recorded';
      where: string;
      run(
        plan: Record<CanaryQueryId, PlannedQuery>,
        about: { app: string; namespace: string; windowSeconds: number },
      ): Promise<CanaryAnswers>;
    };

/** MESHDOC_PROMETHEUS_URLS: `context=url` pairs, comma-separated, for several bound clusters. */
export function prometheusFor(
  ctx: Pick<CommandContext, 'prometheusUrl' | 'prometheusUrls'>,
  context: string,
): string | undefined {
  return ctx.prometheusUrls?.[context] ?? ctx.prometheusUrl;
}

/** The URL without credentials, for messages. */
function shown(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}

export function canaryPrometheus(reader: KubeReader, ctx: CommandContext): CanaryPrometheus {
  if (reader.cluster === 'demo')
    return {
      kind: 'recorded',
      where: "the demo's recorded Prometheus answers",
      run: async (plan, about) => {
        const recorded = await readRecordedMetrics(`${about.namespace}/${about.app}`);
        if (!recorded)
          return {
            kind: 'failed',
            why: `the demo has no recorded metrics for ${about.namespace}/${about.app}`,
          };
        // Answers recorded for other queries would be judged as if they answered these: refuse
        // them, so a change to canary-queries.ts cannot leave the demo quietly wrong. (Another
        // --window changes every query's range; the recorded window is then used, and said.)
        const stale =
          about.windowSeconds === recorded.windowSeconds
            ? (Object.keys(plan) as CanaryQueryId[]).filter((id) => recorded.promql[id] !== plan[id].promql)
            : [];
        if (stale.length > 0)
          return {
            kind: 'failed',
            why: `the demo's recorded answers were given to other queries (${stale.join(', ')}): re-record them with scripts/record-demo-metrics.ts`,
          };
        return {
          kind: 'ok',
          instant: recorded.instant,
          range: recorded.range,
          evaluatedAt: recorded.evaluatedAt,
          dataAgeSeconds: recorded.dataAgeSeconds,
          windowSeconds: recorded.windowSeconds,
          note: `Demo: the metrics are answers a real Prometheus gave on ${new Date(recorded.recordedAt * 1000).toISOString().slice(0, 10)} (scripts/record-demo-metrics.ts), and the demo's clock for canaries is ${new Date(demoNow).toISOString().replace('.000Z', 'Z')}.`,
        };
      },
    };
  if (reader.cluster.startsWith('files:'))
    return { kind: 'none', why: 'offline (--from): saved files hold no metrics, so health is not judged' };
  const url = prometheusFor(ctx, reader.cluster);
  if (!url) return { kind: 'none', why: 'no Prometheus is configured (set MESHDOC_PROMETHEUS_URL)' };
  const where = shown(url);
  return {
    kind: 'live',
    where,
    run: async (plan) => {
      const run = await runPrometheusQueries({ url }, plan, { now: () => ctx.now().getTime() });
      const instant: Partial<Record<InstantQueryId, QueryAnswer>> = {};
      const range: Partial<Record<RangeQueryId, QueryAnswer>> = {};
      for (const id of instantQueryIds) {
        const r = run.results[id];
        if (r) instant[id] = r.ok ? { ok: true, result: r.result } : { ok: false, message: r.message };
      }
      for (const id of rangeQueryIds) {
        const r = run.results[id];
        if (r) range[id] = r.ok ? { ok: true, result: r.result } : { ok: false, message: r.message };
      }
      const failed = Object.values(run.results).filter((r) => !r.ok);
      if (failed.length === Object.keys(run.results).length) {
        const first = failed[0];
        return {
          kind: 'failed',
          why: first && !first.ok ? first.message : `Prometheus at ${where} did not answer`,
        };
      }
      return { kind: 'ok', instant, range, evaluatedAt: run.evaluatedAt, dataAgeSeconds: run.dataAgeSeconds };
    },
  };
}
