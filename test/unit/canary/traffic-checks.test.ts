import { describe, expect, it } from 'vitest';
import { ingressMeshSplitDiffers } from '../../../src/diagnostics/canary/checks/traffic/ingress-mesh-split-differs.ts';
import { routing503s } from '../../../src/diagnostics/canary/checks/traffic/routing-503s.ts';
import {
  splitDiffers,
  splitTolerance,
} from '../../../src/diagnostics/canary/checks/traffic/split-differs.ts';
import { tooLittleTraffic } from '../../../src/diagnostics/canary/checks/traffic/too-little-traffic.ts';
import { trafficChecks } from '../../../src/diagnostics/canary/checks/traffic/traffic-checks.ts';
import { VirtualServiceSchema } from '../../../src/schemas/istio.ts';
import {
  argoRollout,
  argoScene,
  event,
  flaggerCanary,
  flaggerScene,
  only,
  run,
  severitiesOf,
} from '../../helpers/canary-controller-scenes.ts';
import { canaryInput, metrics, version, versionMetrics } from '../../helpers/canary-input.ts';
import { expectCheckList } from '../../helpers/expect-check-list.ts';

const observed = (stableRequests: number, canaryRequests: number) =>
  metrics({
    observed: { stableRequests, canaryRequests },
    stable: versionMetrics({
      requests: stableRequests,
      destinationRequests: stableRequests,
      sourceRequests: stableRequests,
    }),
    canary: versionMetrics({
      requests: canaryRequests,
      destinationRequests: canaryRequests,
      sourceRequests: canaryRequests,
    }),
  });

/** A plain-Istio VS whose header route sends x-canary: true to v2, and 100/0 otherwise. */
const headerOnlyVs = VirtualServiceSchema.parse({
  metadata: { name: 'checkout', namespace: 'shop' },
  spec: {
    hosts: ['checkout'],
    http: [
      {
        match: [{ headers: { 'x-canary': { exact: 'true' } } }],
        route: [{ destination: { host: 'checkout', subset: 'v2' } }],
      },
      {
        route: [
          { destination: { host: 'checkout', subset: 'v1' }, weight: 100 },
          { destination: { host: 'checkout', subset: 'v2' }, weight: 0 },
        ],
      },
    ],
  },
});

describe('traffic checks registry', () => {
  it('is sorted by id with the fixed codes', () => {
    expectCheckList(trafficChecks, ['MESH0431', 'MESH0432', 'MESH0433', 'MESH0434'], /^T0\d · /);
  });
  it('the healthy scene passes; nothing at all without metrics', () => {
    for (const c of trafficChecks) {
      for (const f of run(c, canaryInput())) expect(f.severity).toBe('pass');
      expect(run(c, canaryInput({ metrics: undefined }))).toEqual([]);
    }
  });
});

describe('T01 split-differs', () => {
  it('uses max(5 points, 3 binomial σ)', () => {
    expect(splitTolerance(0.3, 1000, 5)).toBe(0.05);
    expect(splitTolerance(0.3, 100, 5)).toBeCloseTo(3 * Math.sqrt(0.21 / 100));
  });
  it('warns when the canary gets 12 % instead of 30 %', () => {
    const f = only(splitDiffers, canaryInput({ metrics: observed(880, 120) }));
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('12%');
    expect(f.message).toContain('30%');
  });
  it('errors when the canary gets nothing while its weight is > 0', () => {
    const f = only(splitDiffers, canaryInput({ metrics: observed(1000, 0) }));
    expect(f.severity).toBe('error');
    expect(f.fix?.command).toBe('istioctl x describe service checkout -n shop');
  });
  it('passes within tolerance', () => {
    expect(severitiesOf(splitDiffers, canaryInput({ metrics: observed(720, 280) }))).toEqual(['pass']);
  });
  it('says nothing below the minimums (too little traffic)', () => {
    expect(run(splitDiffers, canaryInput({ metrics: observed(60, 10) }))).toEqual([]);
    expect(run(splitDiffers, canaryInput({ metrics: observed(50, 0) }))).toEqual([]);
  });
  it('is skipped while a mirror is active (§8.8)', () => {
    const input = flaggerScene(flaggerCanary({ analysis: { mirror: true } }), [], {
      metrics: observed(880, 120),
    });
    expect(run(splitDiffers, input)).toEqual([]);
  });
  it('is skipped for an A/B canary (Flagger match + iterations) and a header-only route', () => {
    const ab = flaggerScene(
      flaggerCanary({
        analysis: {
          iterations: 10,
          stepWeight: null,
          maxWeight: null,
          match: [{ headers: { 'x-canary': { exact: 'insider' } } }],
        },
      }),
      [],
      { metrics: observed(880, 120) },
    );
    expect(run(splitDiffers, ab)).toEqual([]);
    const plain = canaryInput({
      virtualServices: [headerOnlyVs],
      split: {
        vs: headerOnlyVs,
        routeIndex: 1,
        route: headerOnlyVs.spec.http?.[1] ?? {},
        destinations: [
          {
            host: 'checkout.shop.svc.cluster.local',
            subset: 'v1',
            weight: 100,
            effective: 1,
            role: 'stable',
          },
          { host: 'checkout.shop.svc.cluster.local', subset: 'v2', weight: 0, effective: 0, role: 'canary' },
        ],
        sum: 100,
      },
      canary: version('canary', { vsWeight: 0, effectiveWeight: 0 }),
      metrics: observed(900, 100),
    });
    expect(run(splitDiffers, plain)).toEqual([]);
  });
  it('is skipped for Blue/Green', () => {
    const bg = argoScene(
      argoRollout({
        spec: { strategy: { blueGreen: { activeService: 'checkout', previewService: 'checkout-preview' } } },
      }),
      {
        over: { metrics: observed(880, 120) },
      },
    );
    expect(run(splitDiffers, bg)).toEqual([]);
    const flaggerBg = flaggerScene(
      flaggerCanary({ analysis: { iterations: 10, stepWeight: null, maxWeight: null } }),
      [],
      {
        metrics: observed(880, 120),
      },
    );
    expect(run(splitDiffers, flaggerBg)).toEqual([]);
  });
  it('widens the tolerance under session affinity', () => {
    const input = flaggerScene(
      flaggerCanary({ analysis: { sessionAffinity: { cookieName: 'flagger-cookie' } } }),
      [],
      {
        metrics: observed(780, 220),
      },
    );
    const f = only(splitDiffers, input);
    expect(f.severity).toBe('pass');
    expect(
      severitiesOf(splitDiffers, flaggerScene(flaggerCanary(), [], { metrics: observed(780, 220) })),
    ).toEqual(['warning']);
  });
});

describe('T01 split-differs across a weight step inside the window', () => {
  // The canary is at 30 % now (70/30); the window is 5m. Flagger stepped 10 → 30 two minutes ago.
  const stepped = (extra: ReturnType<typeof event>[] = []) => [
    event('Advance checkout.shop canary weight 30', { minutesAgo: 2 }),
    event('Advance checkout.shop canary weight 10', { minutesAgo: 12 }),
    ...extra,
  ];
  it('holds the observed share to the weights in force over the window (Flagger steps every interval)', () => {
    const input = flaggerScene(flaggerCanary(), stepped(), { metrics: observed(800, 200) });
    const f = only(splitDiffers, input);
    expect(f.severity).toBe('pass');
    expect(f.message).toBe(
      'Observed canary share 20% lies within the 10%–30% the weights gave it over the window (the weight changed 120s ago), ±5% (n=1,000).',
    );
    // The same counts with no step inside the window: the split differs.
    const steady = flaggerScene(flaggerCanary(), [
      event('Advance checkout.shop canary weight 30', { minutesAgo: 6 }),
    ]);
    expect(severitiesOf(splitDiffers, { ...steady, metrics: observed(800, 200) })).toEqual(['warning']);
  });
  it('still warns below the lowest weight of the window', () => {
    const f = only(splitDiffers, flaggerScene(flaggerCanary(), stepped(), { metrics: observed(970, 30) }));
    expect(f.severity).toBe('warning');
    expect(f.message).toContain(
      'The canary gets 3% of requests but the split gives it 10%–30% over the window',
    );
    expect(f.facts[0]?.value).toBe('30% now; 10%–30% over the window (the weight changed 120s ago)');
  });
  it('no request to the canary is no error when it was at 0 within the window (its first step)', () => {
    const first = flaggerScene(flaggerCanary(), [
      event('Advance checkout.shop canary weight 30', { minutesAgo: 0.1 }),
      event('New revision detected! Scaling up checkout.shop', { minutesAgo: 1 }),
    ]);
    expect(run(splitDiffers, { ...first, metrics: observed(1000, 0) })).toEqual([]);
  });
  it('reads Argo\'s "Traffic weight updated from A to B"', () => {
    const input = argoScene(argoRollout(), {
      events: [
        event('Traffic weight updated from 10 to 30', {
          minutesAgo: 2,
          reason: 'TrafficWeightUpdated',
          kind: 'Rollout',
        }),
      ],
      over: { metrics: observed(800, 200) },
    });
    expect(severitiesOf(splitDiffers, input)).toEqual(['pass']);
    expect(only(splitDiffers, input).message).toContain('10%–30%');
  });
});

describe('T02 routing-503s', () => {
  it('maps each flag to its likely cause', () => {
    const m = metrics({
      routingFailures: [
        { flag: 'NC', responseCode: '503', role: 'canary', requests: 40 },
        { flag: 'UH', responseCode: '503', role: undefined, requests: 5 },
        { flag: 'DC', responseCode: '0', role: 'stable', requests: 9 },
      ],
    });
    const f = only(routing503s, canaryInput({ metrics: m }));
    expect(f.severity).toBe('error');
    expect(f.message).toContain('45 requests');
    expect(f.message).toContain('NC');
    expect(f.message).toContain('R04');
    expect(f.facts.map((x) => x.label)).toEqual(['NC (503)', 'UH (503)']);
  });
  it('splits combined flags (URX,UF) and maps UO to the circuit breaker', () => {
    const m = metrics({
      routingFailures: [{ flag: 'UO', responseCode: '503', role: 'canary', requests: 3 }],
    });
    expect(only(routing503s, canaryInput({ metrics: m })).message).toContain('circuit breaker');
    const m2 = metrics({
      routingFailures: [{ flag: 'URX,UF', responseCode: '503', role: 'canary', requests: 3 }],
    });
    expect(only(routing503s, canaryInput({ metrics: m2 })).facts).toHaveLength(2);
  });
  it('passes when only other flags fail; nothing without traffic', () => {
    const m = metrics({ routingFailures: [{ flag: 'DC', responseCode: '0', role: 'stable', requests: 9 }] });
    expect(severitiesOf(routing503s, canaryInput({ metrics: m }))).toEqual(['pass']);
    expect(run(routing503s, canaryInput({ metrics: observed(0, 0) }))).toEqual([]);
  });
});

describe('T03 too-little-traffic', () => {
  it('explains too little traffic (§8.9 fixture)', () => {
    const f = only(tooLittleTraffic, canaryInput({ metrics: observed(42, 18) }));
    expect(f.severity).toBe('info');
    expect(f.message).toContain('n=60 in total, the split check needs ≥ 100');
    expect(f.message).toContain('n=18 on the canary, error checks need ≥ 50');
  });
  it('fires when the canary has weight and zero requests overall', () => {
    expect(only(tooLittleTraffic, canaryInput({ metrics: observed(0, 0) })).severity).toBe('info');
  });
  it('is expected for an A/B canary with little header traffic', () => {
    const ab = flaggerScene(
      flaggerCanary({ analysis: { iterations: 10, match: [{ headers: { x: { exact: 'y' } } }] } }),
      [],
      {
        metrics: observed(2000, 12),
      },
    );
    const f = only(tooLittleTraffic, ab);
    expect(f.message).toContain('A/B');
    expect(f.message).not.toContain('split check');
  });
  it('passes with enough traffic; nothing when the canary is meant to get none', () => {
    expect(severitiesOf(tooLittleTraffic, canaryInput())).toEqual(['pass']);
    expect(
      run(
        tooLittleTraffic,
        canaryInput({
          canary: version('canary', { effectiveWeight: 0, vsWeight: 0 }),
          split: undefined,
          metrics: observed(20, 0),
        }),
      ),
    ).toEqual([]);
  });
});

describe('T04 ingress-mesh-split-differs', () => {
  const bySource = (gwCanary: number, gwStable: number) =>
    metrics({
      bySource: [
        { sourceWorkload: 'istio-ingressgateway', canaryRequests: gwCanary, stableRequests: gwStable },
        { sourceWorkload: 'frontend', canaryRequests: 300, stableRequests: 700 },
      ],
    });
  it('warns when ingress traffic bypasses the split', () => {
    const f = only(ingressMeshSplitDiffers, canaryInput({ metrics: bySource(0, 800) }));
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('Ingress traffic reaches the canary at 0%');
  });
  it('passes when both follow the split; nothing without enough ingress traffic', () => {
    expect(severitiesOf(ingressMeshSplitDiffers, canaryInput({ metrics: bySource(250, 550) }))).toEqual([
      'pass',
    ]);
    expect(run(ingressMeshSplitDiffers, canaryInput({ metrics: bySource(0, 40) }))).toEqual([]);
  });
});
