import { describe, expect, it } from 'vitest';
import type { CauseSpec } from '../../../src/core/check.ts';
import type { Finding, Severity } from '../../../src/core/finding.ts';
import type {
  CanaryCheck,
  CanaryInput,
  CanaryVersion,
} from '../../../src/diagnostics/canary/canary-input.ts';
import {
  controllerWeightDrift,
  durationSeconds,
} from '../../../src/diagnostics/canary/checks/routing/controller-weight-drift.ts';
import { gatewayBypassesSplit } from '../../../src/diagnostics/canary/checks/routing/gateway-bypasses-split.ts';
import {
  gatewayMissing,
  gatewayRef,
  hostsOverlap,
  serverAdmits,
} from '../../../src/diagnostics/canary/checks/routing/gateway-missing.ts';
import { headerRouteMisconfigured } from '../../../src/diagnostics/canary/checks/routing/header-route-misconfigured.ts';
import { multiPortNoPort } from '../../../src/diagnostics/canary/checks/routing/multi-port-no-port.ts';
import { noVirtualService } from '../../../src/diagnostics/canary/checks/routing/no-virtual-service.ts';
import { routeShadowed } from '../../../src/diagnostics/canary/checks/routing/route-shadowed.ts';
import { routingChecks } from '../../../src/diagnostics/canary/checks/routing/routing-checks.ts';
import { severalRoutingObjects } from '../../../src/diagnostics/canary/checks/routing/several-routing-objects.ts';
import { subsetNoPods } from '../../../src/diagnostics/canary/checks/routing/subset-no-pods.ts';
import { subsetTooBroad } from '../../../src/diagnostics/canary/checks/routing/subset-too-broad.ts';
import { subsetUndefined } from '../../../src/diagnostics/canary/checks/routing/subset-undefined.ts';
import { vsHostUnknown } from '../../../src/diagnostics/canary/checks/routing/vs-host-unknown.ts';
import { weightsNot100 } from '../../../src/diagnostics/canary/checks/routing/weights-not-100.ts';
import { zeroWeightDestination } from '../../../src/diagnostics/canary/checks/routing/zero-weight-destination.ts';
import { ServiceSchema } from '../../../src/schemas/kube.ts';
import { canaryInput, NOW, pod, version } from '../../helpers/canary-input.ts';
import {
  argoScene,
  dr,
  flaggerScene,
  gateway,
  headerAfterCatchAll,
  headerFirst,
  ingressBypass,
  ingressFollows,
  missingSubset,
  publicGateway,
  subsetLabelTypo,
  vs,
  weighted,
  weights9020,
  withVs,
} from '../../helpers/canary-routing-scenes.ts';

// Every routing check (canary.md §8.6 R01–R14): a scene where it fires at each severity it
// declares, and a quiet twin (a pass, or nothing when the check does not apply). Every run is
// recorded for the declared-emissions test at the end.

const runs = new Map<string, Finding[]>();
function run(check: CanaryCheck, input: CanaryInput): Finding[] {
  const out = check.run(input);
  runs.set(check.id, [...(runs.get(check.id) ?? []), ...out]);
  return out;
}
const severities = (fs: Finding[]) => fs.map((f) => f.severity);
const only = (fs: Finding[]): Finding => {
  expect(fs).toHaveLength(1);
  return fs[0] as Finding;
};

describe('R01 no-virtual-service', () => {
  it('passes when a VirtualService routes the app', () => {
    expect(severities(run(noVirtualService, canaryInput()))).toEqual(['pass']);
  });

  it('plain mode: no VirtualService for the host is an error', () => {
    const f = only(run(noVirtualService, canaryInput({ virtualServices: [], split: undefined })));
    expect(f.severity).toBe('error');
    expect(f.code).toBe('MESH0401');
    expect(f.message).toContain('checkout.shop.svc.cluster.local');
    expect(f.message).toContain('replica count');
  });

  it('plain mode: a gateway-only VirtualService does not route in-mesh callers', () => {
    const ingress = vs('checkout-ingress', {
      hosts: ['checkout'],
      gateways: ['istio-system/public-gw'],
      http: [],
    });
    const f = only(run(noVirtualService, canaryInput({ virtualServices: [ingress], split: undefined })));
    expect(f.severity).toBe('error');
    expect(f.message).toContain('checkout-ingress binds only gateways');
  });

  it('Flagger: the VirtualService named after the apex Service must exist', () => {
    expect(severities(run(noVirtualService, flaggerScene()))).toEqual(['pass']);
    const f = only(run(noVirtualService, { ...flaggerScene(), virtualServices: [], split: undefined }));
    expect(f.severity).toBe('error');
    expect(f.subject).toEqual({ kind: 'VirtualService', namespace: 'shop', name: 'podinfo' });
    expect(f.fix?.command).toBe('kubectl -n shop describe canary podinfo');
  });

  it('Flagger initialising: its VirtualService does not exist yet, by design (it writes it once the primary is ready)', () => {
    for (const phase of ['Initializing', '']) {
      const f = only(
        run(noVirtualService, { ...flaggerScene({ phase }), virtualServices: [], split: undefined }),
      );
      expect(f.severity).toBe('pass');
      expect(f.message).toContain('Flagger creates VirtualService shop/podinfo once the primary is ready');
    }
    // Initialized and later, it must be there.
    const after = { ...flaggerScene({ phase: 'Initialized' }), virtualServices: [], split: undefined };
    expect(severities(run(noVirtualService, after))).toEqual(['error']);
  });

  it('Argo: the VirtualService named in trafficRouting must exist', () => {
    expect(severities(run(noVirtualService, argoScene({ vsCanary: 30 })))).toEqual(['pass']);
    const scene = argoScene();
    const f = only(run(noVirtualService, { ...scene, virtualServices: [], split: undefined }));
    expect(f.severity).toBe('error');
    expect(f.message).toContain('Argo Rollout checkout routes through VirtualService shop/checkout');
  });
});

describe('R02 vs-host-unknown', () => {
  it('passes when every host resolves', () => {
    expect(severities(run(vsHostUnknown, canaryInput()))).toEqual(['pass']);
  });

  it('F5: a VirtualService in another namespace with the short name is an error', () => {
    const other = vs(
      'checkout',
      {
        hosts: ['checkout'],
        http: [{ route: [{ destination: { host: 'checkout.shop.svc.cluster.local', subset: 'v2' } }] }],
      },
      'frontend',
    );
    const f = only(run(vsHostUnknown, canaryInput({ virtualServices: [other], split: undefined })));
    expect(f.severity).toBe('error');
    expect(f.message).toContain('checkout.frontend.svc.cluster.local, not checkout.shop.svc.cluster.local');
    expect(f.fix?.text).toContain('FQDN');
  });

  it('a destination host that resolves to nothing is an error', () => {
    const typo = vs('checkout', {
      hosts: ['checkout'],
      http: [
        {
          route: weighted(['v1', 100]).map((d) => ({
            ...d,
            destination: { ...d.destination, host: 'chekout' },
          })),
        },
      ],
    });
    const f = only(run(vsHostUnknown, withVs(typo)));
    expect(f.severity).toBe('error');
    expect(f.message).toContain('chekout.shop.svc.cluster.local');
  });

  it('external hosts of a VirtualService bound to a gateway and mesh are not Services to find', () => {
    const both = vs('checkout', {
      hosts: ['checkout', 'shop.example.com'],
      gateways: ['mesh', 'istio-system/public-gw'],
      http: [{ route: weighted(['v1', 70], ['v2', 30]) }],
    });
    expect(severities(run(vsHostUnknown, withVs(both)))).toEqual(['pass']);
  });
});

describe('R03 weights-not-100', () => {
  it('§8.9 weights 90/20, Istio unknown: warning with the effective split, assumed ≥ 1.15', () => {
    const f = only(run(weightsNot100, weights9020()));
    expect(f.severity).toBe('warning');
    expect(f.code).toBe('MESH0403');
    expect(f.message).toContain('sum to 110');
    expect(f.message).toContain('checkout subset v1 81.8% / checkout subset v2 18.2%');
    expect(f.message).toContain('assumed ≥ 1.15');
  });

  it('known Istio ≥ 1.15: warning, no assumption', () => {
    const f = only(run(weightsNot100, weights9020('1.22.3')));
    expect(f.severity).toBe('warning');
    expect(f.message).not.toContain('assumed');
  });

  it('Istio < 1.15: error, the live split is the previous one', () => {
    const f = only(run(weightsNot100, weights9020('1.14.6')));
    expect(f.severity).toBe('error');
    expect(f.message).toContain('previous one');
  });

  it('a total of 0 with two destinations: error', () => {
    const zero = vs('checkout', { hosts: ['checkout'], http: [{ route: weighted(['v1', 0], ['v2', 0]) }] });
    expect(severities(run(weightsNot100, withVs(zero)))).toEqual(['error']);
  });

  it('passes at 70/30; does not apply without a split', () => {
    expect(severities(run(weightsNot100, canaryInput()))).toEqual(['pass']);
    expect(run(weightsNot100, canaryInput({ split: undefined }))).toEqual([]);
  });
});

describe('R04 subset-undefined', () => {
  it('§8.9 missing subset: error with the share that gets 503 NC', () => {
    const f = only(run(subsetUndefined, missingSubset()));
    expect(f.severity).toBe('error');
    expect(f.message).toContain('checkout subset v2');
    expect(f.message).toContain('≈30% of requests → 503 NC');
    expect(f.fix?.command).toBe('kubectl -n shop edit destinationrule checkout');
  });

  it('no DestinationRule at all', () => {
    const f = only(run(subsetUndefined, { ...canaryInput(), rules: [] }));
    expect(f.severity).toBe('error');
    expect(f.message).toContain('no DestinationRule exists');
    expect(f.message).toContain('(v1, v2)');
    expect(f.message).toContain('≈100% of requests → 503 NC');
  });

  it('Argo subset mode: real, and Argo says nothing', () => {
    const scene = argoScene({ vsCanary: 30 });
    const rules = [dr('checkout', { host: 'checkout', subsets: [{ name: 'stable', labels: { x: 'y' } }] })];
    const f = only(run(subsetUndefined, { ...scene, rules }));
    expect(f.message).toContain('Argo Rollouts does not check this');
  });

  it('subsets of two rules for the host are merged', () => {
    const a = dr('checkout-a', { host: 'checkout', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
    const b = dr('checkout-b', {
      host: 'checkout.shop.svc.cluster.local',
      subsets: [{ name: 'v2', labels: { version: 'v2' } }],
    });
    expect(severities(run(subsetUndefined, canaryInput({ rules: [a, b] })))).toEqual(['pass']);
  });

  it('passes on the healthy scene; does not apply to host routing (Flagger)', () => {
    expect(severities(run(subsetUndefined, canaryInput()))).toEqual(['pass']);
    expect(run(subsetUndefined, flaggerScene())).toEqual([]);
  });
});

describe('R05 subset-no-pods', () => {
  it('§8.9 subset label typo: error, 503 UH, the near miss named', () => {
    const f = only(run(subsetNoPods, subsetLabelTypo()));
    expect(f.severity).toBe('error');
    expect(f.code).toBe('MESH0405');
    expect(f.message).toContain('≈30% of requests → 503 UH');
    expect(f.message).toContain('checkout-v2-a has version=v2 (wanted version=2.0)');
    expect(f.subject).toEqual({ kind: 'DestinationRule', namespace: 'shop', name: 'checkout' });
  });

  it('silent at weight 0 (after a rollback or abort)', () => {
    const input = subsetLabelTypo();
    const rolledBack = {
      ...input,
      canary: version('canary', {
        subsetLabels: { version: '2.0' },
        pods: [],
        vsWeight: 0,
        effectiveWeight: 0,
      }),
    };
    const out = run(subsetNoPods, rolledBack);
    expect(severities(out)).toEqual(['pass']);
    expect(out[0]?.message).toContain('as expected at weight 0');
  });

  it('labels, not readiness: matching pods that are not Ready are not R05', () => {
    const notReady = [
      pod('checkout-v2-a', { app: 'checkout', version: 'v2' }, { ready: false, waiting: 'CrashLoopBackOff' }),
    ];
    const input = canaryInput({ canary: version('canary', { pods: notReady }) });
    expect(severities(run(subsetNoPods, input))).toEqual(['pass']);
  });

  it('host mode: the version Service selects no pod', () => {
    const scene = flaggerScene();
    const canary = { ...(scene.canary as NonNullable<CanaryInput['canary']>), pods: [] };
    const f = only(run(subsetNoPods, { ...scene, canary }));
    expect(f.severity).toBe('error');
    expect(f.message).toContain('Service podinfo-canary (canary) selects no pod');
    expect(severities(run(subsetNoPods, { ...scene, canary: { ...canary, vsWeight: 0 } }))).toEqual(['pass']);
  });

  it('host mode, Flagger initialising: the primary Service before its pods, no VirtualService yet: a pass', () => {
    const scene = { ...flaggerScene({ phase: 'Initializing' }), virtualServices: [], split: undefined };
    const bare = (v: CanaryInput['stable']) =>
      ({ ...(v as NonNullable<CanaryInput['stable']>), pods: [], vsWeight: undefined }) as CanaryVersion;
    const out = run(subsetNoPods, { ...scene, stable: bare(scene.stable), canary: bare(scene.canary) });
    expect(severities(out)).toEqual(['pass']);
    expect(out[0]?.message).toContain('Flagger is initialising');
    // Once Flagger routes to it (Initialized, a VS weight), a primary Service with no pod is R05's.
    const routed = flaggerScene({ phase: 'Initialized', vsCanary: 0 });
    const f = only(
      run(subsetNoPods, { ...routed, stable: { ...(routed.stable as CanaryVersion), pods: [] } }),
    );
    expect(f.severity).toBe('error');
  });

  it('passes on the healthy scene', () => {
    expect(severities(run(subsetNoPods, canaryInput()))).toEqual(['pass']);
  });
});

describe('R06 subset-too-broad', () => {
  it('a subset without labels: warning', () => {
    const all = [...(canaryInput().stable?.pods ?? []), ...(canaryInput().canary?.pods ?? [])];
    const input = canaryInput({ canary: version('canary', { subsetLabels: {}, pods: all }) });
    const f = only(run(subsetTooBroad, input));
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('has no labels');
  });

  it('a subset whose pods span two versions: warning', () => {
    const all = [...(canaryInput().stable?.pods ?? []), ...(canaryInput().canary?.pods ?? [])];
    const input = canaryInput({
      canary: version('canary', { subsetLabels: { app: 'checkout' }, pods: all }),
    });
    const f = only(run(subsetTooBroad, input));
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('2 versions (v1, v2)');
  });

  it('passes when each subset is one version; does not apply to host routing', () => {
    expect(severities(run(subsetTooBroad, canaryInput()))).toEqual(['pass']);
    expect(run(subsetTooBroad, flaggerScene())).toEqual([]);
  });

  it('Argo between rollouts (both subsets on the stable ReplicaSet, canary weight 0, as Argo writes them once promoted): a pass, not an overlap', () => {
    // Argo Rollouts v1.8.3, seen live (test/integration/argo-rollouts-controller.test.ts): after the
    // first revision and after every full promotion, both subsets carry the stable hash.
    const scene = argoScene({ statusWeight: 0, vsCanary: 0 });
    const stablePods = scene.stable?.pods ?? [];
    const onStable = (over: Partial<CanaryVersion>) =>
      ({
        ...scene.canary,
        subsetLabels: { 'rollouts-pod-template-hash': 'aaa' },
        pods: stablePods,
        ...over,
      }) as CanaryVersion;
    const f = only(run(subsetTooBroad, { ...scene, canary: onStable({}) }));
    expect(f.severity).toBe('pass');
    expect(f.message).toContain('No canary in flight');
    expect(f.message).toContain('rollouts-pod-template-hash aaa');
    // The same subsets while the canary has a weight: the split separates nothing.
    const weighted = { ...scene, canary: onStable({ vsWeight: 20, effectiveWeight: 20 }) };
    expect(only(run(subsetTooBroad, weighted)).message).toContain('select the same 1 pod');
    // Not Argo: two subsets on the same pods is an overlap at any weight.
    const plain = {
      ...weighted,
      controller: { kind: 'none' as const },
      canary: onStable({ effectiveWeight: 0 }),
    };
    expect(only(run(subsetTooBroad, plain)).severity).toBe('warning');
  });
});

describe('R07 route-shadowed', () => {
  it('§8.9 the header route after the catch-all: error', () => {
    const f = only(run(routeShadowed, headerAfterCatchAll()));
    expect(f.severity).toBe('error');
    expect(f.message).toContain('header route to the canary (x-canary: true, http[1] (canary-header))');
    expect(f.message).toContain('never matches');
  });

  it('a route after `uri: prefix /` is unreachable too', () => {
    const v = vs('checkout', {
      hosts: ['checkout'],
      http: [
        { match: [{ uri: { prefix: '/' } }], route: weighted(['v1', 100]) },
        { match: [{ uri: { prefix: '/api' } }], route: weighted(['v2', 100]) },
      ],
    });
    const f = only(run(routeShadowed, withVs(v)));
    expect(f.message).toContain('uri prefix /');
  });

  it('a repeated match never fires (IST0131)', () => {
    const v = vs('checkout', {
      hosts: ['checkout'],
      http: [
        { match: [{ headers: { 'x-canary': { exact: 'true' } } }], route: weighted(['v1', 100]) },
        {
          match: [{ name: 'again', headers: { 'x-canary': { exact: 'true' } } }],
          route: weighted(['v2', 100]),
        },
        { route: weighted(['v1', 70], ['v2', 30]) },
      ],
    });
    const f = only(run(routeShadowed, withVs(v, 2)));
    expect(f.severity).toBe('error');
    expect(f.message).toContain('IST0131');
    expect(f.message).toContain('never reach the canary');
  });

  it('passes with the header route first', () => {
    expect(severities(run(routeShadowed, headerFirst()))).toEqual(['pass']);
  });
});

describe('R08 header-route-misconfigured', () => {
  const headerVs = (header: string, subset: string) =>
    vs('checkout', {
      hosts: ['checkout'],
      http: [
        { match: [{ headers: { [header]: { exact: 'true' } } }], route: weighted([subset, 100]) },
        { route: weighted(['v1', 70], ['v2', 30]) },
      ],
    });

  it('an upper-case header name: warning', () => {
    const f = only(run(headerRouteMisconfigured, withVs(headerVs('X-Canary', 'v2'), 1)));
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('write x-canary');
  });

  it('a header route to the stable subset: warning', () => {
    const f = only(run(headerRouteMisconfigured, withVs(headerVs('x-canary', 'v1'), 1)));
    expect(f.message).toContain('to the stable version (v1), not the canary (v2)');
  });

  it('a header route on a gateway-only VirtualService while callers are in the mesh: warning', () => {
    const base = ingressFollows();
    const ingress = vs('checkout-ingress', {
      hosts: ['shop.example.com'],
      gateways: ['istio-system/public-gw'],
      http: [
        { match: [{ headers: { 'x-canary': { exact: 'true' } } }], route: weighted(['v2', 100]) },
        { route: weighted(['v1', 70], ['v2', 30]) },
      ],
    });
    const input = {
      ...base,
      virtualServices: [base.virtualServices[0], ingress].filter((v) => v !== undefined),
    };
    const f = only(run(headerRouteMisconfigured, input));
    expect(f.message).toContain('only for traffic through istio-system/public-gw');
    expect(f.message).toContain('1000 requests came from callers inside the mesh');
    // The same route in the mesh VirtualService too: nothing to say.
    const both = {
      ...input,
      virtualServices: [headerFirst().virtualServices[0], ingress].filter((v) => v !== undefined),
    };
    expect(severities(run(headerRouteMisconfigured, both))).toEqual(['pass']);
  });

  it('passes on a well-formed header route; does not apply without one', () => {
    expect(severities(run(headerRouteMisconfigured, headerFirst()))).toEqual(['pass']);
    expect(run(headerRouteMisconfigured, canaryInput())).toEqual([]);
  });
});

describe('R09 gateway-bypasses-split', () => {
  it('§8.9 an ingress VirtualService without a subset while ingress carries traffic: error (IST0140)', () => {
    const f = only(run(gatewayBypassesSplit, ingressBypass(500)));
    expect(f.severity).toBe('error');
    expect(f.subject.name).toBe('checkout-ingress');
    expect(f.message).toContain('without a subset');
    expect(f.message).toContain('500 requests');
  });

  it('the same with no ingress traffic, or no metrics: warning', () => {
    expect(severities(run(gatewayBypassesSplit, ingressBypass(0)))).toEqual(['warning']);
    const f = only(run(gatewayBypassesSplit, ingressBypass(undefined)));
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('No metrics');
  });

  it('an ingress VirtualService with its own weights does not follow the split', () => {
    const base = ingressFollows();
    const ingress = vs('checkout-ingress', {
      hosts: ['shop.example.com'],
      gateways: ['istio-system/public-gw'],
      http: [{ route: weighted(['v1', 100]) }],
    });
    const f = only(
      run(gatewayBypassesSplit, {
        ...base,
        virtualServices: [base.virtualServices[0], ingress].filter((v) => v !== undefined),
      }),
    );
    expect(f.severity).toBe('error');
    expect(f.message).toContain('splits checkout subset v1 100% while the mesh splits');
  });

  it('§8.9 Flagger with a gateway but no mesh: warning, east-west not split, fix on the Canary', () => {
    const f = only(run(gatewayBypassesSplit, flaggerScene()));
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('east-west traffic is not split');
    expect(f.fix?.text).toContain('spec.service.gateways of Canary podinfo');
  });

  it('passes: ingress following the split, Flagger with mesh, no gateway at all', () => {
    expect(severities(run(gatewayBypassesSplit, ingressFollows()))).toEqual(['pass']);
    expect(severities(run(gatewayBypassesSplit, flaggerScene({ mesh: true })))).toEqual(['pass']);
    expect(severities(run(gatewayBypassesSplit, canaryInput()))).toEqual(['pass']);
  });
});

describe('R10 several-routing-objects', () => {
  it('two mesh VirtualServices for the host: warning (IST0109)', () => {
    const base = canaryInput();
    const second = vs('checkout-2', {
      hosts: ['checkout.shop.svc.cluster.local'],
      http: [{ route: weighted(['v1', 100]) }],
    });
    const f = only(
      run(severalRoutingObjects, { ...base, virtualServices: [...base.virtualServices, second] }),
    );
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('2 VirtualServices route checkout');
  });

  it('two DestinationRules for the host: warning naming the subset that loses', () => {
    const base = canaryInput();
    const second = dr(
      'checkout-2',
      { host: 'checkout', subsets: [{ name: 'v2', labels: { version: '2.0' } }] },
      'shop',
      {
        creationTimestamp: '2030-01-01T00:00:00Z',
      },
    );
    const first = dr('checkout', (base.rules[0] as { spec: Record<string, unknown> }).spec, 'shop', {
      creationTimestamp: '2020-01-01T00:00:00Z',
    });
    const f = only(run(severalRoutingObjects, { ...base, rules: [second, first] }));
    expect(f.message).toContain('subset v2 comes from shop/checkout');
  });

  it('passes with one of each; a gateway VirtualService for the same backend is not a conflict', () => {
    expect(severities(run(severalRoutingObjects, canaryInput()))).toEqual(['pass']);
    expect(severities(run(severalRoutingObjects, ingressFollows()))).toEqual(['pass']);
  });
});

describe('R11 gateway-missing', () => {
  it('a short gateway name read in the VirtualService namespace: error, with the right name', () => {
    const base = ingressFollows();
    const ingress = vs('checkout-ingress', {
      hosts: ['shop.example.com'],
      gateways: ['public-gw'],
      http: [{ route: weighted(['v1', 70], ['v2', 30]) }],
    });
    const f = only(run(gatewayMissing, { ...base, virtualServices: [ingress] }));
    expect(f.severity).toBe('error');
    expect(f.message).toContain('read as shop/public-gw, which does not exist');
    expect(f.message).toContain('write it as istio-system/public-gw');
  });

  it('a VirtualService host the Gateway does not serve: error (IST0132)', () => {
    const base = ingressFollows();
    const ingress = vs('checkout-ingress', {
      hosts: ['shop.other.org'],
      gateways: ['istio-system/public-gw'],
      http: [{ route: weighted(['v1', 70], ['v2', 30]) }],
    });
    const f = only(run(gatewayMissing, { ...base, virtualServices: [ingress] }));
    expect(f.message).toContain('is served by Gateway istio-system/public-gw (*.example.com)');
  });

  it('passes when the Gateway exists and serves the host; with no gateway named', () => {
    expect(severities(run(gatewayMissing, ingressFollows()))).toEqual(['pass']);
    expect(severities(run(gatewayMissing, canaryInput()))).toEqual(['pass']);
    expect(run(gatewayMissing, canaryInput({ virtualServices: [], split: undefined }))).toEqual([]);
  });

  it('resolves references and host forms as istiod does', () => {
    expect(gatewayRef('istio-system/gw', 'shop')).toEqual({ namespace: 'istio-system', name: 'gw' });
    expect(gatewayRef('gw', 'shop')).toEqual({ namespace: 'shop', name: 'gw' });
    expect(gatewayRef('gw.istio-system.svc.cluster.local', 'shop')).toEqual({
      namespace: 'istio-system',
      name: 'gw',
    });
    expect(hostsOverlap('a.example.com', '*.example.com')).toBe(true);
    expect(hostsOverlap('example.com', '*.example.com')).toBe(false);
    expect(hostsOverlap('*.example.com', 'a.example.com')).toBe(true);
    expect(hostsOverlap('anything', '*')).toBe(true);
    const gw = gateway('gw', 'istio-system', []);
    expect(serverAdmits('shop/a.example.com', gw, 'a.example.com', 'shop')).toBe(true);
    expect(serverAdmits('other/a.example.com', gw, 'a.example.com', 'shop')).toBe(false);
    expect(serverAdmits('./a.example.com', gw, 'a.example.com', 'shop')).toBe(false);
    expect(serverAdmits('./a.example.com', gw, 'a.example.com', 'istio-system')).toBe(true);
    expect(serverAdmits('*/a.example.com', gw, 'a.example.com', 'shop')).toBe(true);
    expect(publicGateway.metadata.namespace).toBe('istio-system');
  });
});

describe('R12 multi-port-no-port', () => {
  const twoPorts = ServiceSchema.parse({
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: {
      selector: { app: 'checkout' },
      ports: [
        { name: 'http', port: 80 },
        { name: 'grpc', port: 9090 },
      ],
    },
  });

  it('a Service with two ports and a destination with none: warning (IST0112)', () => {
    const input = canaryInput({ service: twoPorts, services: [twoPorts], meshServices: [twoPorts] });
    const f = only(run(multiPortNoPort, input));
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('has 2 (80, 9090)');
  });

  it('passes with one port, or with the port named', () => {
    expect(severities(run(multiPortNoPort, canaryInput()))).toEqual(['pass']);
    const ported = vs('checkout', {
      hosts: ['checkout'],
      http: [
        {
          route: weighted(['v1', 70], ['v2', 30]).map((d) => ({
            ...d,
            destination: { ...d.destination, port: { number: 80 } },
          })),
        },
      ],
    });
    const input = withVs(ported, 0, { service: twoPorts, services: [twoPorts], meshServices: [twoPorts] });
    expect(severities(run(multiPortNoPort, input))).toEqual(['pass']);
  });
});

describe('R13 controller-weight-drift', () => {
  it('§8.9 Argo whose status weight ≠ the VirtualService (#4741), apart for long: error naming the writer', () => {
    const f = only(run(controllerWeightDrift, argoScene()));
    expect(f.severity).toBe('error');
    expect(f.code).toBe('MESH0413');
    expect(f.message).toContain('says the canary gets 30%, but VirtualService checkout gives it weight 0');
    expect(f.message).toContain('last written by argocd-controller');
    expect(f.facts).toContainEqual(expect.objectContaining({ label: 'last writer of spec.http' }));
    expect(f.fix?.command).toBe('kubectl -n shop get virtualservice checkout --show-managed-fields -o yaml');
  });

  it('apart for less than one interval: warning', () => {
    const f = only(run(controllerWeightDrift, argoScene({ ageSeconds: 20, writer: 'kustomize-controller' })));
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('kustomize-controller');
    expect(f.message).toContain('may still converge');
  });

  it('Flagger in Progressing: compared; in other phases not (flagger#1819)', () => {
    const drift = flaggerScene({ mesh: true, statusWeight: 30, vsCanary: 10 });
    expect(severities(run(controllerWeightDrift, drift))).toEqual(['warning']);
    const canary = drift.controller.kind === 'flagger' ? drift.controller.canary : undefined;
    const old = {
      ...drift,
      controller: {
        kind: 'flagger' as const,
        events: [],
        canary: {
          ...(canary as NonNullable<typeof canary>),
          status: {
            phase: 'Progressing',
            canaryWeight: 30,
            lastTransitionTime: new Date(NOW - 300_000).toISOString(),
          },
        },
      },
    };
    expect(severities(run(controllerWeightDrift, old))).toEqual(['error']);
    expect(
      run(controllerWeightDrift, flaggerScene({ mesh: true, phase: 'Succeeded', statusWeight: 0 })),
    ).toEqual([]);
  });

  it('passes when they agree; does not apply without a controller', () => {
    expect(severities(run(controllerWeightDrift, argoScene({ vsCanary: 30 })))).toEqual(['pass']);
    expect(severities(run(controllerWeightDrift, flaggerScene({ mesh: true })))).toEqual(['pass']);
    expect(run(controllerWeightDrift, canaryInput())).toEqual([]);
  });

  it('reads Go durations', () => {
    expect(durationSeconds('1m30s')).toBe(90);
    expect(durationSeconds('30s')).toBe(30);
    expect(durationSeconds('2h')).toBe(7200);
    expect(durationSeconds('soon')).toBeUndefined();
  });
});

describe('R14 zero-weight-destination', () => {
  it('a destination at weight 0: info', () => {
    const rest = vs('checkout', { hosts: ['checkout'], http: [{ route: weighted(['v1', 100], ['v2', 0]) }] });
    const f = only(run(zeroWeightDestination, withVs(rest)));
    expect(f.severity).toBe('info');
    expect(f.message).toContain('The canary (checkout subset v2) has weight 0');
  });

  it('passes when every destination has weight; does not apply to a lone destination', () => {
    expect(severities(run(zeroWeightDestination, canaryInput()))).toEqual(['pass']);
    const lone = vs('checkout', { hosts: ['checkout'], http: [{ route: weighted(['v1', 100]) }] });
    expect(run(zeroWeightDestination, withVs(lone))).toEqual([]);
  });
});

describe('the routing checks', () => {
  it('are R01–R14, sorted by id, codes MESH0401–MESH0414, titles starting with the spec id', () => {
    const ids = routingChecks.map((c) => c.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(14);
    const specs = routingChecks.flatMap((c) => c.emits as CauseSpec[]);
    const codes = specs.map((s) => s.code).sort();
    expect(codes).toEqual(Array.from({ length: 14 }, (_, i) => `MESH04${String(i + 1).padStart(2, '0')}`));
    for (const c of routingChecks) {
      expect(c.area).toBe('canary');
      expect(c.id).toMatch(/^canary\.[a-z0-9]+(-[a-z0-9]+)*$/);
      const [spec] = c.emits;
      const n = Number(spec?.code.slice(-2));
      expect(spec?.title.startsWith(`R${String(n).padStart(2, '0')} · `), spec?.title).toBe(true);
      expect(c.needs.length).toBeGreaterThan(0);
    }
  });

  it('every check ran on the healthy plain scene without throwing and with a stable shape', () => {
    for (const c of routingChecks)
      for (const f of run(c, canaryInput())) {
        expect(f.message.length).toBeGreaterThan(0);
        expect(f.subject.name.length).toBeGreaterThan(0);
      }
  });

  // Runs last (vitest runs a file's tests in order): every finding recorded above.
  it('emit only declared codes, causes and severities, and reach every declared severity', () => {
    for (const c of routingChecks) {
      const out = runs.get(c.id) ?? [];
      for (const f of out) {
        const spec = c.emits.find((s) => s.cause === f.cause);
        expect(spec, `${c.id}: ${f.cause}`).toBeDefined();
        expect(spec?.code, c.id).toBe(f.code);
        expect(spec?.severities, `${c.id}: ${f.severity}`).toContain(f.severity);
      }
      const reached = new Set<Severity>(out.map((f) => f.severity));
      for (const spec of c.emits)
        for (const s of spec.severities) expect(reached, `${c.id} reaches ${s}`).toContain(s);
    }
  });
});
