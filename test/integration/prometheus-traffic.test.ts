import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshnessQuery } from '../../src/gatherers/prometheus/freshness-query.ts';
import type { PrometheusQuery } from '../../src/gatherers/prometheus/prometheus-query-types.ts';
import { runPrometheusQueries } from '../../src/gatherers/prometheus/run-prometheus-queries.ts';
import type { ScenarioInput } from '../../tools/mesh-traffic/scenario.ts';
import {
  callersOutsideMesh,
  canaryHealthy,
  canaryReceivingNothing,
  canarySlow,
  canaryWithErrors,
  routingFailures,
  type ScenarioTarget,
  splitDiffersFromWeights,
  tooLittleTraffic,
} from '../../tools/mesh-traffic/scenarios.ts';
import { deleteScenario, putScenario } from './harness/mesh-traffic.ts';
import { type VectorSample, waitForSeries } from './harness/prometheus.ts';

// The mesh-traffic stand-in's ready-made scenarios, scraped every second by a real Prometheus
// (2.42, scripts/install-prometheus), answer the canary doc's query outlines (§6.3) as the
// scenario says. Every query goes through meshdoc's own client (runPrometheusQueries). The window
// is 10 s rather than 5 m so the suite does not wait minutes: every series of a scenario starts at
// the same moment and grows linearly, so shares, quantiles and rates are the same over any window
// the data covers.

const prometheusUrl = inject('prometheusUrl');
const meshTrafficUrl = inject('meshTrafficUrl');
const W = '10s';

const run = `${process.pid}`;
const targets = {
  healthy: { namespace: `healthy-${run}`, service: 'reviews' },
  errors: { namespace: `errors-${run}`, service: 'reviews' },
  slow: { namespace: `slow-${run}`, service: 'reviews' },
  idle: { namespace: `idle-${run}`, service: 'reviews' },
  split: { namespace: `split-${run}`, service: 'reviews' },
  routing: { namespace: `routing-${run}`, service: 'reviews' },
  little: { namespace: `little-${run}`, service: 'reviews' },
  outside: { namespace: `outside-${run}`, service: 'reviews' },
  flagger: { namespace: `flagger-${run}`, service: 'podinfo', naming: 'flagger' },
  argo: { namespace: `argo-${run}`, service: 'checkout', naming: 'argo-host' },
  replaced: { namespace: `replaced-${run}`, service: 'reviews' },
} satisfies Record<string, ScenarioTarget>;

const scenarios: Record<keyof typeof targets, ScenarioInput> = {
  healthy: canaryHealthy(targets.healthy),
  errors: canaryWithErrors(targets.errors),
  slow: canarySlow(targets.slow),
  idle: canaryReceivingNothing(targets.idle),
  split: splitDiffersFromWeights(targets.split),
  routing: routingFailures(targets.routing),
  little: tooLittleTraffic(targets.little),
  outside: callersOutsideMesh(targets.outside),
  flagger: canaryHealthy(targets.flagger),
  argo: canaryHealthy(targets.argo),
  replaced: canaryHealthy(targets.replaced),
};
const ids = Object.keys(scenarios) as (keyof typeof scenarios)[];

function sel(target: ScenarioTarget, extra = ''): string {
  return `destination_service_namespace="${target.namespace}"${extra ? `, ${extra}` : ''}`;
}

/** Runs named instant queries through meshdoc's client; every one must answer with a vector. */
async function ask<K extends string>(queries: Record<K, string>): Promise<Record<K, VectorSample[]>> {
  const named = Object.fromEntries(
    Object.entries(queries).map(([k, promql]) => [k, { kind: 'instant', promql } as PrometheusQuery]),
  ) as Record<K, PrometheusQuery>;
  const { results } = await runPrometheusQueries({ url: prometheusUrl }, named);
  const out = {} as Record<K, VectorSample[]>;
  for (const key of Object.keys(queries) as K[]) {
    const outcome = results[key];
    if (!outcome.ok) throw new Error(`${key}: ${outcome.message}`);
    if (outcome.result.resultType !== 'vector') throw new Error(`${key}: ${outcome.result.resultType}`);
    out[key] = outcome.result.result;
  }
  return out;
}

/** label value → sample value. */
function by(samples: VectorSample[], label: string): Record<string, number> {
  return Object.fromEntries(samples.map((s) => [s.metric[label] ?? '', s.value.value]));
}

const share5xx = (t: ScenarioTarget) =>
  `sum by (destination_version) (rate(istio_requests_total{reporter="destination", ${sel(t, 'response_code=~"5.."')}}[${W}]))` +
  ` / sum by (destination_version) (rate(istio_requests_total{reporter="destination", ${sel(t)}}[${W}]))`;
const splitShare = (t: ScenarioTarget, extraBy = '') =>
  `sum by (destination_version${extraBy}) (rate(istio_requests_total{reporter="source", ${sel(t, 'response_flags="-"')}}[${W}]))` +
  ` / ignoring(destination_version) group_left sum by (${extraBy.replace(/^, /, '') || ''}) (rate(istio_requests_total{reporter="source", ${sel(t, 'response_flags="-"')}}[${W}]))`;
const quantile = (q: number, t: ScenarioTarget) =>
  `histogram_quantile(${q}, sum by (destination_version, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination", ${sel(t)}}[${W}])))`;
const rateBy = (t: ScenarioTarget, reporter: string, label: string, extra = '') =>
  `sum by (${label}) (rate(istio_requests_total{reporter="${reporter}", ${sel(t, extra)}}[${W}]))`;

describe('a real Prometheus scraping the mesh-traffic stand-in', () => {
  beforeAll(async () => {
    await Promise.all(ids.map((id) => putScenario(meshTrafficUrl, `${id}-${run}`, scenarios[id])));
    // Every series older than the window: at least 13 scrapes in the last 15 s. (A counter that
    // starts inside the window is extrapolated back only to where it was zero, so rate() would
    // give its slope × the share of the window it covers: a too-low absolute rate.)
    await Promise.all(
      ids.map((id) =>
        waitForSeries(
          prometheusUrl,
          `min(count_over_time(istio_requests_total{${sel(targets[id])}}[15s]))`,
          (samples) => (samples[0]?.value.value ?? 0) >= 13,
          60_000,
        ),
      ),
    );
  }, 90_000);

  afterAll(async () => {
    await Promise.all(ids.map((id) => deleteScenario(meshTrafficUrl, `${id}-${run}`)));
  });

  it('healthy: both versions at 0.1 % 5xx, the canary has its 10 % from every caller, p99 within 50–100 ms', async () => {
    const t = targets.healthy;
    const a = await ask({
      errors: share5xx(t),
      split: splitShare(t),
      perSource: splitShare(t, ', source_workload'),
      p99: quantile(0.99, t),
    });
    expect(by(a.errors, 'destination_version').v1).toBeCloseTo(0.001, 4);
    expect(by(a.errors, 'destination_version').v2).toBeCloseTo(0.001, 4);
    expect(by(a.split, 'destination_version').v2).toBeCloseTo(0.1, 3);
    const canaryPerSource = a.perSource.filter((s) => s.metric.destination_version === 'v2');
    expect(Object.keys(by(canaryPerSource, 'source_workload')).sort()).toEqual([
      'frontend-v1',
      'istio-ingressgateway',
    ]);
    for (const s of canaryPerSource) expect(s.value.value).toBeCloseTo(0.1, 3);
    for (const s of a.p99) {
      expect(s.value.value).toBeGreaterThan(50);
      expect(s.value.value).toBeLessThan(100);
    }
    expect(a.p99).toHaveLength(2);
  });

  it('5 % 5xx: the destination reporter gives the canary a 5xx share of 0.05 and the stable 0.001', async () => {
    const t = targets.errors;
    const a = await ask({
      errors: share5xx(t),
      codes: rateBy(t, 'destination', 'response_code', 'destination_version="v2"'),
    });
    const shares = by(a.errors, 'destination_version');
    expect(shares.v2).toBeCloseTo(0.05, 3);
    expect(shares.v1).toBeCloseTo(0.001, 4);
    // 2 rps on the canary: 0.1 rps of 500.
    expect(by(a.codes, 'response_code')['500']).toBeCloseTo(0.1, 2);
  });

  it('slow canary: histogram_quantile(0.99) of the canary is far above the stable one, p50 too', async () => {
    const t = targets.slow;
    const a = await ask({ p99: quantile(0.99, t), p50: quantile(0.5, t) });
    const p99 = by(a.p99, 'destination_version');
    const p50 = by(a.p50, 'destination_version');
    expect(p99.v1).toBeLessThan(100);
    expect(p99.v2).toBeGreaterThan(1000);
    expect(p99.v2).toBeGreaterThan(5 * (p99.v1 ?? Number.POSITIVE_INFINITY));
    // Linear interpolation inside Istio's buckets: the stable p50 lies in 10–25 ms, the canary's in 100–250 ms.
    expect(p50.v1).toBeGreaterThan(10);
    expect(p50.v1).toBeLessThan(25);
    expect(p50.v2).toBeGreaterThan(100);
    expect(p50.v2).toBeLessThan(250);
  });

  it('canary receiving nothing: no canary series, from either reporter; the 5xx share of the stable is there', async () => {
    const t = targets.idle;
    const a = await ask({
      destination: rateBy(t, 'destination', 'destination_version'),
      source: rateBy(t, 'source', 'destination_version'),
      canaryRaw: `istio_requests_total{${sel(t, 'destination_version="v2"')}}`,
      errors: share5xx(t),
    });
    expect(Object.keys(by(a.destination, 'destination_version'))).toEqual(['v1']);
    expect(by(a.destination, 'destination_version').v1).toBeCloseTo(20, 1);
    expect(Object.keys(by(a.source, 'destination_version'))).toEqual(['v1']);
    expect(a.canaryRaw).toEqual([]);
    expect(Object.keys(by(a.errors, 'destination_version'))).toEqual(['v1']);
  });

  it('split differing from the weights: 30 % observed on the canary, from each caller, by the source reporter', async () => {
    const t = targets.split;
    const a = await ask({ split: splitShare(t), perSource: splitShare(t, ', source_workload') });
    expect(by(a.split, 'destination_version').v2).toBeCloseTo(0.3, 3);
    expect(by(a.split, 'destination_version').v1).toBeCloseTo(0.7, 3);
    for (const s of a.perSource.filter((x) => x.metric.destination_version === 'v2')) {
      expect(s.value.value).toBeCloseTo(0.3, 3);
    }
  });

  it('routing 503s: NC and UH come from reporter="source" only, 503, NC with unknown destination labels', async () => {
    const t = targets.routing;
    const a = await ask({
      failures: `sum by (reporter, response_flags, response_code, destination_version, destination_workload) (rate(istio_requests_total{${sel(t, 'destination_service_name="reviews", response_flags!="-"')}}[${W}]))`,
    });
    const rows = a.failures
      .map(
        (s): Record<string, string | number> => ({
          ...s.metric,
          rate: Math.round(s.value.value * 100) / 100,
        }),
      )
      .sort((x, y) => String(x.response_flags).localeCompare(String(y.response_flags)));
    expect(rows).toEqual([
      {
        reporter: 'source',
        response_flags: 'NC',
        response_code: '503',
        destination_version: 'unknown',
        destination_workload: 'unknown',
        rate: 1,
      },
      {
        reporter: 'source',
        response_flags: 'UH',
        response_code: '503',
        destination_version: 'v2',
        destination_workload: 'reviews-v2',
        rate: 0.5,
      },
    ]);
  });

  it('too little traffic: about 0.23 rps in all, so a 5-minute window holds fewer than 100 requests (fewer than 20 on the canary)', async () => {
    const t = targets.little;
    const a = await ask({ rates: rateBy(t, 'destination', 'destination_version') });
    const rates = by(a.rates, 'destination_version');
    expect(rates.v1).toBeCloseTo(0.2, 2);
    expect(rates.v2).toBeCloseTo(0.03, 2);
    expect(((rates.v1 ?? 0) + (rates.v2 ?? 0)) * 300).toBeLessThan(100);
    expect((rates.v2 ?? 0) * 300).toBeLessThan(20);
  });

  it('callers outside the mesh: the destination reporter sees twice the source volume, the extra as unknown callers without mTLS', async () => {
    const t = targets.outside;
    const a = await ask({
      destination: rateBy(t, 'destination', 'destination_version'),
      source: rateBy(t, 'source', 'destination_version'),
      callers: rateBy(t, 'destination', 'source_workload, connection_security_policy'),
    });
    const destination = by(a.destination, 'destination_version');
    const source = by(a.source, 'destination_version');
    for (const v of ['v1', 'v2']) expect((destination[v] ?? 0) / (source[v] ?? 1)).toBeCloseTo(2, 2);
    const callers = Object.fromEntries(
      a.callers.map((s) => [
        `${s.metric.source_workload}/${s.metric.connection_security_policy}`,
        s.value.value,
      ]),
    );
    expect(Object.keys(callers).sort()).toEqual(['istio-ingressgateway/mutual_tls', 'unknown/none']);
    expect(callers['unknown/none']).toBeCloseTo(10, 1);
  });

  it('the canary modes name their versions as canary.md §6.2 says: Flagger by workload, Argo host-level by Service', async () => {
    const a = await ask({
      flagger: rateBy(targets.flagger, 'destination', 'destination_workload'),
      argo: rateBy(targets.argo, 'source', 'destination_service_name, destination_workload'),
    });
    expect(by(a.flagger, 'destination_workload')['podinfo-primary']).toBeCloseTo(18, 1);
    expect(by(a.flagger, 'destination_workload').podinfo).toBeCloseTo(2, 1);
    expect(by(a.argo, 'destination_service_name')['checkout-stable']).toBeCloseTo(18, 1);
    expect(by(a.argo, 'destination_service_name')['checkout-canary']).toBeCloseTo(2, 1);
    expect(new Set(a.argo.map((s) => s.metric.destination_workload))).toEqual(new Set(['checkout']));
  });

  it("Istio's label set and default buckets are what Prometheus stores", async () => {
    const t = targets.healthy;
    const a = await ask({
      one: `istio_requests_total{reporter="destination", ${sel(t, 'destination_version="v2", source_workload="frontend-v1", response_code="200"')}}`,
      buckets: `count by (le) (istio_request_duration_milliseconds_bucket{${sel(t)}})`,
    });
    expect(a.one).toHaveLength(1);
    expect(Object.keys(a.one[0]?.metric ?? {}).sort()).toEqual(
      [
        '__name__',
        'connection_security_policy',
        'destination_app',
        'destination_canonical_revision',
        'destination_canonical_service',
        'destination_cluster',
        'destination_principal',
        'destination_service',
        'destination_service_name',
        'destination_service_namespace',
        'destination_version',
        'destination_workload',
        'destination_workload_namespace',
        'instance',
        'job',
        'reporter',
        'request_protocol',
        'response_code',
        'response_flags',
        'source_app',
        'source_canonical_revision',
        'source_canonical_service',
        'source_cluster',
        'source_principal',
        'source_version',
        'source_workload',
        'source_workload_namespace',
      ].sort(),
    );
    expect(a.one[0]?.metric).toMatchObject({
      destination_service: `reviews.${t.namespace}.svc.cluster.local`,
      destination_canonical_revision: 'v2',
      source_workload_namespace: t.namespace,
      source_app: 'frontend',
      connection_security_policy: 'mutual_tls',
    });
    expect(
      a.buckets
        .map((s) => (s.metric.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.metric.le)))
        .sort((x, y) => x - y),
    ).toEqual([
      0.5,
      1,
      5,
      10,
      25,
      50,
      100,
      250,
      500,
      1000,
      2500,
      5000,
      10000,
      30000,
      60000,
      300000,
      600000,
      1800000,
      3600000,
      Number.POSITIVE_INFINITY,
    ]);
  });

  it('the run reports how old the data is (the newest scrape), and a division by zero stays NaN', async () => {
    const t = targets.healthy;
    const outcome = await runPrometheusQueries(
      { url: prometheusUrl },
      {
        fresh: freshnessQuery(`istio_requests_total{${sel(t)}}`),
        nan: { kind: 'instant', promql: 'vector(0) / vector(0)' },
        broken: { kind: 'instant', promql: 'sum(rate(istio_requests_total[5m]' },
      },
    );
    expect(outcome.dataAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(outcome.dataAgeSeconds).toBeLessThan(5);
    const nan = outcome.results.nan;
    expect(nan.ok && nan.result.resultType === 'vector' && nan.result.result[0]?.value.value).toBeNaN();
    expect(outcome.results.broken).toMatchObject({
      ok: false,
      reason: 'query_error',
      status: 400,
      errorType: 'bad_data',
    });
    expect(outcome.results.broken.ok || outcome.results.broken.message).toMatch(
      new RegExp(`^Prometheus at ${prometheusUrl} answered 400 \\(bad_data\\): .*parse error`),
    );
  });

  it('replacing a scenario changes the rates from then on without resetting a counter; another id cannot take its series', async () => {
    const t = targets.replaced;
    await putScenario(meshTrafficUrl, `replaced-${run}`, canaryWithErrors(t, 0.2));
    await waitForSeries(
      prometheusUrl,
      `sum(rate(istio_requests_total{reporter="destination", ${sel(t, 'destination_version="v2", response_code="500"')}}[3s]))`,
      (samples) => Math.abs((samples[0]?.value.value ?? 0) - 0.4) < 0.02,
      30_000,
    );
    const a = await ask({ resets: `sum(resets(istio_requests_total{${sel(t)}}[1m]))` });
    expect(a.resets[0]?.value.value).toBe(0);
    await expect(putScenario(meshTrafficUrl, `thief-${run}`, canaryHealthy(t))).rejects.toThrow(
      /\(409\).*already produces/,
    );
  });
});
