import { afterEach, describe, expect, it } from 'vitest';
import { freshnessQuery } from '../../../src/gatherers/prometheus/freshness-query.ts';
import type { PrometheusQuery } from '../../../src/gatherers/prometheus/prometheus-query-types.ts';
import { runPrometheusQueries } from '../../../src/gatherers/prometheus/run-prometheus-queries.ts';
import { closedPort, type Handler, json, LocalPrometheus, vector } from './local-prometheus.ts';

let local: LocalPrometheus | undefined;
afterEach(async () => {
  await local?.stop();
  local = undefined;
});

async function serve(handler: Handler): Promise<string> {
  local = new LocalPrometheus(handler);
  return local.start();
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

function many(n: number): Record<string, PrometheusQuery> {
  return Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`q${i}`, { kind: 'instant', promql: `q${i}` }]),
  );
}

describe('runPrometheusQueries', () => {
  it('never has more than `concurrency` queries in flight, and answers every one', async () => {
    const url = await serve(async (req, res) => {
      await delay(40);
      json(res, 200, vector([{ metric: { q: req.form.get('query') ?? '' }, value: [1, '1'] }]));
    });
    const run = await runPrometheusQueries({ url }, many(20), { concurrency: 3 });
    expect(local?.maxInFlight).toBe(3);
    expect(local?.requests).toHaveLength(20);
    expect(Object.values(run.results).every((r) => r.ok)).toBe(true);
    expect(Object.keys(run.results)).toHaveLength(20);
  });

  it('runs 6 at a time by default', async () => {
    const url = await serve(async (_req, res) => {
      await delay(40);
      json(res, 200, vector([]));
    });
    await runPrometheusQueries({ url }, many(15));
    expect(local?.maxInFlight).toBe(6);
  });

  it('evaluates every instant query without its own time at the same instant', async () => {
    const url = await serve((_req, res) => json(res, 200, vector([])));
    const run = await runPrometheusQueries(
      { url },
      { ...many(4), pinned: { kind: 'instant', promql: 'p', time: 1234 } },
      { now: () => 1_700_000_000_500 },
    );
    const times = local?.requests.map((r) => `${r.form.get('query')}@${r.form.get('time')}`).sort();
    expect(times).toEqual([
      'p@1234.000',
      'q0@1700000000.500',
      'q1@1700000000.500',
      'q2@1700000000.500',
      'q3@1700000000.500',
    ]);
    expect(run.evaluatedAt).toBe(1_700_000_000.5);
  });

  it('one failing query does not fail the others; each failure says why', async () => {
    const url = await serve(async (req, res) => {
      const q = req.form.get('query');
      if (q === 'bad')
        return json(res, 400, { status: 'error', errorType: 'bad_data', error: 'parse error' });
      if (q === 'slow') await delay(500);
      if (!res.destroyed) json(res, 200, vector([{ value: [1, '0.5'] }]));
    });
    const run = await runPrometheusQueries(
      { url },
      {
        good: { kind: 'instant', promql: 'good' },
        bad: { kind: 'instant', promql: 'bad' },
        slow: { kind: 'instant', promql: 'slow' },
      },
      { timeoutMs: 100 },
    );
    expect(run.results.good.ok).toBe(true);
    expect(run.results.bad).toMatchObject({
      ok: false,
      reason: 'query_error',
      message: `Prometheus at ${url} answered 400 (bad_data): parse error`,
    });
    expect(run.results.slow).toMatchObject({
      ok: false,
      reason: 'timeout',
      message: `Prometheus at ${url} timed out after 100 ms`,
    });
  });

  it(`takes the per-query timeout from MESHDOC_PROMETHEUS_TIMEOUT_MS (default 5000 ms; nonsense is ignored)`, async () => {
    const url = await serve(async (_req, res) => {
      await delay(400);
      if (!res.destroyed) json(res, 200, vector([]));
    });
    const fromEnv = await runPrometheusQueries({ url }, many(1), {
      env: { MESHDOC_PROMETHEUS_TIMEOUT_MS: '80' },
    });
    expect(fromEnv.timeoutMs).toBe(80);
    expect(fromEnv.results.q0).toMatchObject({
      ok: false,
      reason: 'timeout',
      message: `Prometheus at ${url} timed out after 80 ms`,
    });
    expect(local?.requests[0]?.form.get('timeout')).toBe('80ms');
    const nonsense = await runPrometheusQueries({ url }, many(1), {
      env: { MESHDOC_PROMETHEUS_TIMEOUT_MS: 'soon' },
    });
    expect(nonsense.timeoutMs).toBe(5000);
    expect(nonsense.results.q0?.ok).toBe(true);
    const explicit = await runPrometheusQueries({ url }, many(1), {
      timeoutMs: 4000,
      env: { MESHDOC_PROMETHEUS_TIMEOUT_MS: '80' },
    });
    expect(explicit.timeoutMs).toBe(4000);
  });

  it('Prometheus down: every query is unreachable, nothing throws', async () => {
    const port = await closedPort();
    const run = await runPrometheusQueries({ url: `http://127.0.0.1:${port}` }, many(3));
    for (const outcome of Object.values(run.results)) {
      expect(outcome).toMatchObject({
        ok: false,
        reason: 'unreachable',
        message: `Prometheus at http://127.0.0.1:${port}: connection refused`,
      });
    }
    expect(run.newestSampleAt).toBeUndefined();
    expect(run.dataAgeSeconds).toBeUndefined();
  });

  it('dates the data by a freshness query when there is one, else by the newest sample timestamp', async () => {
    const url = await serve((req, res) => {
      const q = req.form.get('query') ?? '';
      if (q.startsWith('max(timestamp(')) return json(res, 200, vector([{ value: [1000, '980.5'] }]));
      if (q === 'range') {
        return json(res, 200, {
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              {
                metric: {},
                values: [
                  [900, '1'],
                  [990, '2'],
                ],
              },
            ],
          },
        });
      }
      return json(res, 200, vector([{ value: [1000, 'NaN'] }]));
    });
    const now = () => 1_000_000;
    const dated = await runPrometheusQueries(
      { url },
      { share: { kind: 'instant', promql: 'share' }, fresh: freshnessQuery('istio_requests_total{x="y"}') },
      { now },
    );
    expect(local?.requests.map((r) => r.form.get('query'))).toContain(
      'max(timestamp(istio_requests_total{x="y"}))',
    );
    expect(dated.newestSampleAt).toBe(980.5);
    expect(dated.dataAgeSeconds).toBeCloseTo(19.5, 6);
    const undated = await runPrometheusQueries(
      { url },
      { range: { kind: 'range', promql: 'range', start: 900, end: 990, stepSeconds: 90 } },
      { now },
    );
    expect(undated.newestSampleAt).toBe(990);
    expect(undated.dataAgeSeconds).toBe(10);
  });
});
