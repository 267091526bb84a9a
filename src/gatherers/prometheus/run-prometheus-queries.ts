import type { PrometheusData } from '../../schemas/prometheus.ts';
import type { PrometheusQuery, PrometheusQueryOutcome, PrometheusServer } from './prometheus-query-types.ts';
import { queryPrometheus } from './query-prometheus.ts';

export const defaultPrometheusConcurrency = 6;
export const defaultPrometheusTimeoutMs = 5000;
export const prometheusTimeoutEnv = 'MESHDOC_PROMETHEUS_TIMEOUT_MS';

export type PrometheusRun<K extends string> = {
  /** One outcome per named query: a result, or why there is none. */
  results: Record<K, PrometheusQueryOutcome>;
  /** The one evaluation time of every instant query without its own `time` (unix seconds). */
  evaluatedAt: number;
  /**
   * The newest sample time among the answers (unix seconds): the largest value of the queries
   * marked `valuesAreTimestamps` (freshnessQuery) when one answered, else the newest sample
   * timestamp of any result (for evaluated expressions, that is the evaluation time).
   */
  newestSampleAt: number | undefined;
  /** evaluatedAt − newestSampleAt, never negative; undefined when nothing answered with samples. */
  dataAgeSeconds: number | undefined;
  /** The per-query timeout used. */
  timeoutMs: number;
};

/**
 * Runs named queries against one Prometheus, at most `concurrency` at a time (default 6), each
 * under its own timeout (default 5 s, or MESHDOC_PROMETHEUS_TIMEOUT_MS; an explicit `timeoutMs`
 * wins). Instant queries without a `time` are all evaluated at the same instant, so versions are
 * compared over the same window. Never throws: a query that fails is `{ ok: false, reason, message }`
 * and the others still answer.
 */
export async function runPrometheusQueries<K extends string>(
  server: PrometheusServer,
  queries: Record<K, PrometheusQuery>,
  options: {
    concurrency?: number;
    timeoutMs?: number;
    env?: Record<string, string | undefined>;
    /** Milliseconds since the epoch (tests pin it). */
    now?: () => number;
  } = {},
): Promise<PrometheusRun<K>> {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? timeoutFromEnv(options.env ?? process.env);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? defaultPrometheusConcurrency));
  const evaluatedAt = now() / 1000;
  const names = Object.keys(queries) as K[];
  const results = {} as Record<K, PrometheusQueryOutcome>;

  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++] as K;
      const query: PrometheusQuery = queries[name];
      const pinned: PrometheusQuery =
        query.kind === 'instant' && query.time === undefined ? { ...query, time: evaluatedAt } : query;
      try {
        results[name] = await queryPrometheus(server, pinned, { timeoutMs, now });
      } catch (error) {
        // queryPrometheus does not throw; should it, the run still answers for the other queries.
        results[name] = {
          ok: false,
          reason: 'malformed',
          message: `querying Prometheus failed unexpectedly: ${(error as Error)?.message ?? String(error)}`,
          durationMs: 0,
        };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));

  const newestSampleAt = newestSample(names.map((name) => [queries[name], results[name]] as const));
  return {
    results,
    evaluatedAt,
    newestSampleAt,
    dataAgeSeconds: newestSampleAt === undefined ? undefined : Math.max(0, evaluatedAt - newestSampleAt),
    timeoutMs,
  };
}

function timeoutFromEnv(env: Record<string, string | undefined>): number {
  const text = env[prometheusTimeoutEnv]?.trim();
  if (!text) return defaultPrometheusTimeoutMs;
  const value = Number(text);
  // A value that is not a positive whole number of milliseconds is ignored (the default applies).
  return Number.isSafeInteger(value) && value > 0 ? value : defaultPrometheusTimeoutMs;
}

function newestSample(
  answered: readonly (readonly [PrometheusQuery, PrometheusQueryOutcome])[],
): number | undefined {
  let fromTimestamps: number | undefined;
  let fromSamples: number | undefined;
  const max = (a: number | undefined, b: number) =>
    Number.isFinite(b) && (a === undefined || b > a) ? b : a;
  for (const [query, outcome] of answered) {
    if (!outcome.ok) continue;
    for (const sample of samplesOf(outcome.result)) {
      if (query.valuesAreTimestamps) fromTimestamps = max(fromTimestamps, sample.value);
      else fromSamples = max(fromSamples, sample.timestamp);
    }
  }
  return fromTimestamps ?? fromSamples;
}

function samplesOf(data: PrometheusData): { timestamp: number; value: number }[] {
  switch (data.resultType) {
    case 'vector':
      return data.result.map((s) => s.value);
    case 'matrix':
      return data.result.flatMap((s) => s.values);
    case 'scalar':
      return [data.result];
    case 'string':
      return [];
  }
}
