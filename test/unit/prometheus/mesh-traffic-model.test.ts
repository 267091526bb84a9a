import { describe, expect, it } from 'vitest';
import { ScenarioSchema } from '../../../tools/mesh-traffic/scenario.ts';
import { callersOutsideMesh, canaryHealthy, routingFailures } from '../../../tools/mesh-traffic/scenarios.ts';
import { seriesOf } from '../../../tools/mesh-traffic/series.ts';
import { TrafficRegistry } from '../../../tools/mesh-traffic/traffic-registry.ts';

// The mesh-traffic stand-in's model on its own: what series a scenario makes and how its counters
// move. The integration test (prometheus-traffic.test.ts) checks what a real Prometheus makes of them.

const target = { namespace: 'shop', service: 'reviews' };
const parse = (input: unknown) => ScenarioSchema.parse(input);

function rates(scenario: unknown, filter: Record<string, string>, name = 'istio_requests_total'): number {
  return seriesOf(parse(scenario))
    .filter((s) => s.name === name && Object.entries(filter).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.rate, 0);
}

describe('mesh-traffic scenarios', () => {
  it('refuses a scenario that makes no sense, saying where', () => {
    const paths = (input: unknown) =>
      ScenarioSchema.safeParse(input)
        .error?.issues.map((i) => i.path.join('.'))
        .sort();
    // Shape first (zod checks the cross-field rules only on a well-formed scenario) …
    expect(
      paths({
        namespace: 'Shop',
        service: 'reviews',
        versions: [{ version: 'v1', workload: 'reviews-v1', rps: -1 }],
        routingFailures: [{ flag: 'XX', rps: 1 }],
      }),
    ).toEqual(['namespace', 'routingFailures.0.flag', 'versions.0.rps']);
    // … then the rules between fields.
    expect(
      paths({
        namespace: 'shop',
        service: 'reviews',
        versions: [
          { version: 'v1', workload: 'reviews-v1', rps: 1, errorShare: 0.8, clientErrorShare: 0.3 },
          { version: 'v1', workload: 'reviews-v1b', rps: 1 },
        ],
        callers: [{ workload: 'outside', namespace: 'x', sidecar: false }],
        routingFailures: [{ flag: 'UH', rps: 1, version: 'v9' }],
      }),
    ).toEqual(['routingFailures.0.caller', 'routingFailures.0.version', 'versions.0', 'versions.1.version']);
  });

  it('splits each version among its callers and reports each request once per proxy that sees it', () => {
    const healthy = canaryHealthy(target);
    expect(rates(healthy, { reporter: 'destination', destination_version: 'v2' })).toBeCloseTo(2, 9);
    expect(rates(healthy, { reporter: 'source', destination_version: 'v2' })).toBeCloseTo(2, 9);
    expect(
      rates(healthy, {
        reporter: 'source',
        destination_version: 'v2',
        source_workload: 'istio-ingressgateway',
      }),
    ).toBeCloseTo(1.5, 9);
    expect(
      rates(healthy, { reporter: 'destination', destination_version: 'v1', response_code: '500' }),
    ).toBeCloseTo(0.018, 9);
    // The histogram counts what the counter counts; its +Inf bucket equals _count.
    expect(
      rates(healthy, { reporter: 'destination', le: '+Inf' }, 'istio_request_duration_milliseconds_bucket'),
    ).toBeCloseTo(20, 9);
    // Log-normal through p50 = 20 ms: half the requests are within 20 ms (between the 10 and 25 ms buckets).
    const within = (le: string) =>
      rates(
        healthy,
        { reporter: 'destination', destination_version: 'v1', le },
        'istio_request_duration_milliseconds_bucket',
      ) / 18;
    expect(within('10')).toBeLessThan(0.5);
    expect(within('25')).toBeGreaterThan(0.5);
    expect(within('100')).toBeGreaterThan(0.99);
  });

  it('callers without a sidecar: only the destination reports them, as unknown callers without mTLS', () => {
    const outside = callersOutsideMesh(target);
    expect(
      rates(outside, {
        reporter: 'destination',
        source_workload: 'unknown',
        connection_security_policy: 'none',
      }),
    ).toBeCloseTo(10, 9);
    expect(rates(outside, { reporter: 'source', source_workload: 'unknown' })).toBe(0);
    expect(rates(outside, { reporter: 'source' })).toBeCloseTo(10, 9);
  });

  it('routing failures: reporter=source only, 503, NC without a destination workload, UH on its version', () => {
    const series = seriesOf(parse(routingFailures(target))).filter(
      (s) => s.name === 'istio_requests_total' && s.labels.response_flags !== '-',
    );
    expect(
      series.map((s) => [
        s.labels.reporter,
        s.labels.response_flags,
        s.labels.response_code,
        s.labels.destination_workload,
        s.labels.destination_service_name,
        s.rate,
      ]),
    ).toEqual([
      ['source', 'NC', '503', 'unknown', 'reviews', 1],
      ['source', 'UH', '503', 'reviews-v2', 'reviews', 0.5],
    ]);
  });

  it('counters grow with time, keep their value when a scenario is replaced, and are not shared between scenarios', () => {
    const registry = new TrafficRegistry();
    const simple = (rps: number) =>
      parse({
        ...target,
        versions: [{ version: 'v1', workload: 'reviews-v1', rps }],
        callers: [{ workload: 'gw', namespace: 'gw' }],
      });
    expect(registry.put('a', simple(10), 0)).toEqual({ ok: true, series: 2 * 23, replaced: false });
    const value = (now: number) => {
      const line = registry
        .exposition(now)
        .split('\n')
        .find((l) => l.startsWith('istio_requests_total{') && l.includes('reporter="destination"'));
      return Number(line?.split(' ').pop());
    };
    expect(value(2000)).toBe(20);
    expect(registry.put('a', simple(1), 2000)).toMatchObject({ ok: true, replaced: true });
    expect(value(4000)).toBe(22);
    expect(registry.put('b', simple(5), 4000)).toMatchObject({
      ok: false,
      conflict: expect.stringContaining('scenario "a" already produces'),
    });
    const text = registry.exposition(4000);
    expect(text).toContain('# TYPE istio_requests_total counter\n');
    expect(text).toContain('# TYPE istio_request_duration_milliseconds histogram\n');
    expect(registry.delete('a')).toBe(true);
    expect(registry.exposition(5000)).toBe('');
  });
});
