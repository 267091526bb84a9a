import type {
  CanaryInput,
  CanarySplit,
  SplitDestination,
} from '../../src/diagnostics/canary/canary-input.ts';
import { ruleHostFqdn } from '../../src/diagnostics/tls/destination-rule-for.ts';
import {
  DestinationRuleSchema,
  GatewaySchema,
  type VirtualService,
  VirtualServiceSchema,
} from '../../src/schemas/istio.ts';
import { ServiceSchema } from '../../src/schemas/kube.ts';
import { ArgoRolloutSchema, FlaggerCanarySchema } from '../../src/schemas/rollouts.ts';
import { canaryInput, metrics, NOW, pod, version } from './canary-input.ts';

// Routing scenes for the R checks (canary.md §8.9's plain-Istio, Flagger and Argo fixtures), built
// on the healthy 70/30 scene of canary-input.ts: app `checkout` in `shop`, subsets v1/v2.

const NOW_ISO = new Date(NOW).toISOString();

export const vs = (
  name: string,
  spec: Record<string, unknown>,
  namespace = 'shop',
  meta: Record<string, unknown> = {},
) => VirtualServiceSchema.parse({ metadata: { name, namespace, ...meta }, spec });

export const dr = (
  name: string,
  spec: Record<string, unknown>,
  namespace = 'shop',
  meta: Record<string, unknown> = {},
) => DestinationRuleSchema.parse({ metadata: { name, namespace, ...meta }, spec });

export const gateway = (name: string, namespace: string, hosts: string[]) =>
  GatewaySchema.parse({
    metadata: { name, namespace },
    spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80 }, hosts }] },
  });

/** A weighted route: `[['v1', 70], ['v2', 30]]` to subsets of checkout (or `[host, subset?, weight]`). */
export const weighted = (...dests: [string, number][]) =>
  dests.map(([subset, weight]) => ({ destination: { host: 'checkout', subset }, weight }));

/** The split of `route` of a VirtualService, roles by the scene's subsets (v1 stable, v2 canary) or hosts. */
export function splitOf(
  v: VirtualService,
  routeIndex: number,
  roles: Record<string, 'stable' | 'canary'> = { v1: 'stable', v2: 'canary' },
): CanarySplit {
  const route = v.spec.http?.[routeIndex] ?? {};
  const ns = v.metadata.namespace ?? 'default';
  const raw = (route.route ?? []).flatMap((d) =>
    d.destination ? [{ ...d, destination: d.destination }] : [],
  );
  const weights = raw.map((d) => d.weight ?? (raw.length === 1 ? 100 : 0));
  const sum = weights.reduce((a, b) => a + b, 0);
  const destinations: SplitDestination[] = raw.map((d, i) => {
    const weight = weights[i] ?? 0;
    const host = ruleHostFqdn(d.destination.host, ns);
    const role = roles[d.destination.subset ?? host];
    return {
      host,
      ...(d.destination.subset ? { subset: d.destination.subset } : {}),
      ...(d.destination.port?.number ? { port: d.destination.port.number } : {}),
      weight,
      effective: raw.length === 1 ? 1 : sum > 0 ? weight / sum : 0,
      ...(role ? { role } : {}),
    };
  });
  return { vs: v, routeIndex, route, destinations, sum };
}

/** The plain scene with `v` as the app's only VirtualService, its `routeIndex` the split; versions' weights follow. */
export function withVs(v: VirtualService, routeIndex = 0, over: Partial<CanaryInput> = {}): CanaryInput {
  const split = splitOf(v, routeIndex);
  const weightOf = (role: string) => split.destinations.find((d) => d.role === role);
  const stable = version('stable', {
    vsWeight: weightOf('stable')?.weight ?? 0,
    effectiveWeight: Math.round((weightOf('stable')?.effective ?? 0) * 100),
  });
  const canary = version('canary', {
    vsWeight: weightOf('canary')?.weight ?? 0,
    effectiveWeight: Math.round((weightOf('canary')?.effective ?? 0) * 100),
  });
  return canaryInput({ virtualServices: [v], split, stable, canary, ...over });
}

/** §8.9: plain Istio with weights 90/20 (82%/18% on Istio ≥ 1.15). */
export const weights9020 = (istioVersion?: string) =>
  withVs(vs('checkout', { hosts: ['checkout'], http: [{ route: weighted(['v1', 90], ['v2', 20]) }] }), 0, {
    istioVersion,
  });

/** §8.9: plain Istio whose VirtualService routes 30% to subset v2, which the DestinationRule lacks. */
export function missingSubset(): CanaryInput {
  const rule = dr('checkout', { host: 'checkout', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
  const base = withVs(
    vs('checkout', { hosts: ['checkout'], http: [{ route: weighted(['v1', 70], ['v2', 30]) }] }),
    0,
  );
  return {
    ...base,
    rules: [rule],
    canary: version('canary', { subsetDefined: false, subsetLabels: undefined, pods: [] }),
  };
}

/** §8.9: plain Istio whose subset v2 wants `version: 2.0` while the canary pods carry `version: v2`. */
export function subsetLabelTypo(): CanaryInput {
  const rule = dr('checkout', {
    host: 'checkout',
    subsets: [
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: '2.0' } },
    ],
  });
  return canaryInput({
    rules: [rule],
    canary: version('canary', { subsetLabels: { version: '2.0' }, pods: [] }),
  });
}

/** §8.9: the `x-canary` header route written after the weighted catch-all. */
export const headerAfterCatchAll = () =>
  withVs(
    vs('checkout', {
      hosts: ['checkout'],
      http: [
        { name: 'split', route: weighted(['v1', 70], ['v2', 30]) },
        {
          name: 'canary-header',
          match: [{ headers: { 'x-canary': { exact: 'true' } } }],
          route: weighted(['v2', 100]),
        },
      ],
    }),
  );

/** The header route first, as it should be. */
export const headerFirst = () =>
  withVs(
    vs('checkout', {
      hosts: ['checkout'],
      http: [
        {
          name: 'canary-header',
          match: [{ headers: { 'x-canary': { exact: 'true' } } }],
          route: weighted(['v2', 100]),
        },
        { name: 'split', route: weighted(['v1', 70], ['v2', 30]) },
      ],
    }),
    1,
  );

export const publicGateway = gateway('public-gw', 'istio-system', ['*.example.com']);

/** §8.9: an ingress VirtualService routing to `checkout` without a subset; `ingressRequests` through the gateway. */
export function ingressBypass(ingressRequests: number | undefined): CanaryInput {
  const base = canaryInput();
  const ingress = vs('checkout-ingress', {
    hosts: ['shop.example.com'],
    gateways: ['istio-system/public-gw'],
    http: [{ route: [{ destination: { host: 'checkout.shop.svc.cluster.local', port: { number: 80 } } }] }],
  });
  return {
    ...base,
    virtualServices: [...base.virtualServices, ingress],
    gateways: [publicGateway],
    metrics:
      ingressRequests === undefined
        ? undefined
        : metrics({
            bySource: [
              { sourceWorkload: 'frontend', stableRequests: 700, canaryRequests: 300 },
              {
                sourceWorkload: 'istio-ingressgateway',
                stableRequests: ingressRequests / 2,
                canaryRequests: ingressRequests / 2,
              },
            ],
          }),
  };
}

/** The same ingress VirtualService following the split (same subsets and weights). */
export function ingressFollows(): CanaryInput {
  const base = ingressBypass(500);
  const ingress = vs('checkout-ingress', {
    hosts: ['shop.example.com'],
    gateways: ['istio-system/public-gw'],
    http: [{ route: weighted(['v1', 70], ['v2', 30]) }],
  });
  return { ...base, virtualServices: [base.virtualServices[0] as VirtualService, ingress] };
}

// Flagger: apex `podinfo`, generated `podinfo-primary` / `podinfo-canary`, its VirtualService `podinfo`.
const podinfoSvc = (name: string, app: string) =>
  ServiceSchema.parse({
    metadata: { name, namespace: 'shop' },
    spec: { selector: { app }, ports: [{ name: 'http', port: 9898 }] },
  });
const apex = podinfoSvc('podinfo', 'podinfo-primary');
const primarySvc = podinfoSvc('podinfo-primary', 'podinfo-primary');
const canarySvc = podinfoSvc('podinfo-canary', 'podinfo');
const primaryPods = [pod('podinfo-primary-a', { app: 'podinfo-primary' })];
const canaryPods = [pod('podinfo-b', { app: 'podinfo' })];

/** §8.9: Flagger progressing at 10% with `gateways` but no `mesh` (flagger#140); `mesh: true` adds it. */
export function flaggerScene(
  opts: { mesh?: boolean; phase?: string; statusWeight?: number; vsCanary?: number } = {},
) {
  const gateways = opts.mesh ? ['istio-system/public-gw', 'mesh'] : ['istio-system/public-gw'];
  const canaryWeight = opts.vsCanary ?? 10;
  const v = vs('podinfo', {
    hosts: ['podinfo', 'app.example.com'],
    gateways,
    http: [
      {
        route: [
          { destination: { host: 'podinfo-primary' }, weight: 100 - canaryWeight },
          { destination: { host: 'podinfo-canary' }, weight: canaryWeight },
        ],
      },
    ],
  });
  const canary = FlaggerCanarySchema.parse({
    metadata: { name: 'podinfo', namespace: 'shop' },
    spec: {
      targetRef: { kind: 'Deployment', name: 'podinfo' },
      service: { port: 9898, gateways, hosts: ['app.example.com'] },
      analysis: { interval: '1m', threshold: 5, maxWeight: 50, stepWeight: 10 },
    },
    status: {
      phase: opts.phase ?? 'Progressing',
      canaryWeight: opts.statusWeight ?? 10,
      failedChecks: 0,
      lastTransitionTime: new Date(NOW - 30_000).toISOString(),
    },
  });
  const split = splitOf(v, 0, {
    'podinfo-primary.shop.svc.cluster.local': 'stable',
    'podinfo-canary.shop.svc.cluster.local': 'canary',
  });
  const base = canaryInput();
  const host = (s: typeof apex) => `${s.metadata.name}.shop.svc.cluster.local`;
  return canaryInput({
    app: 'podinfo',
    mode: 'flagger',
    service: apex,
    services: [apex, primarySvc, canarySvc],
    meshServices: [apex, primarySvc, canarySvc],
    virtualServices: [v],
    split,
    rules: [],
    gateways: [publicGateway],
    pods: [...primaryPods, ...canaryPods],
    stable: {
      ...(base.stable as NonNullable<CanaryInput['stable']>),
      name: 'podinfo-primary',
      host: host(primarySvc),
      subset: undefined,
      subsetLabels: undefined,
      subsetDefined: undefined,
      service: primarySvc,
      pods: primaryPods,
      vsWeight: 100 - canaryWeight,
      effectiveWeight: 100 - canaryWeight,
    },
    canary: {
      ...(base.canary as NonNullable<CanaryInput['canary']>),
      name: 'podinfo',
      host: host(canarySvc),
      subset: undefined,
      subsetLabels: undefined,
      subsetDefined: undefined,
      service: canarySvc,
      pods: canaryPods,
      vsWeight: canaryWeight,
      effectiveWeight: canaryWeight,
      controllerWeight: opts.statusWeight ?? 10,
    },
    controller: { kind: 'flagger', canary, events: [] },
  });
}

/**
 * §8.9: Argo subset mode whose status says `statusWeight` while the VirtualService (last written by
 * `writer`, `ageSeconds` ago) gives the canary `vsCanary` (argo-rollouts#4741).
 */
export function argoScene(
  opts: { statusWeight?: number; vsCanary?: number; ageSeconds?: number; writer?: string } = {},
) {
  const vsCanary = opts.vsCanary ?? 0;
  const statusWeight = opts.statusWeight ?? 30;
  const written = new Date(NOW - (opts.ageSeconds ?? 600) * 1000).toISOString();
  const v = vs(
    'checkout',
    {
      hosts: ['checkout'],
      http: [{ name: 'primary', route: weighted(['stable', 100 - vsCanary], ['canary', vsCanary]) }],
    },
    'shop',
    {
      managedFields: [
        {
          manager: 'rollouts-controller',
          operation: 'Update',
          time: new Date(NOW - 3_600_000).toISOString(),
          fieldsV1: { 'f:spec': { 'f:http': {} } },
        },
        {
          manager: opts.writer ?? 'argocd-controller',
          operation: 'Apply',
          time: written,
          fieldsV1: { 'f:spec': { 'f:http': {}, 'f:hosts': {} } },
        },
        {
          manager: 'kubectl-edit',
          operation: 'Update',
          time: NOW_ISO,
          fieldsV1: { 'f:metadata': { 'f:labels': {} } },
        },
      ],
    },
  );
  const rule = dr('checkout', {
    host: 'checkout',
    subsets: [
      { name: 'stable', labels: { 'rollouts-pod-template-hash': 'aaa' } },
      { name: 'canary', labels: { 'rollouts-pod-template-hash': 'bbb' } },
    ],
  });
  const rollout = ArgoRolloutSchema.parse({
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: {
      strategy: {
        canary: {
          steps: [{ setWeight: 30 }, { pause: {} }],
          trafficRouting: {
            istio: {
              virtualService: { name: 'checkout', routes: ['primary'] },
              destinationRule: { name: 'checkout', canarySubsetName: 'canary', stableSubsetName: 'stable' },
            },
          },
        },
      },
    },
    status: {
      phase: 'Paused',
      currentStepIndex: 1,
      canary: { weights: { canary: { weight: statusWeight }, stable: { weight: 100 - statusWeight } } },
      conditions: [
        {
          type: 'Progressing',
          status: 'True',
          lastUpdateTime: new Date(NOW - (opts.ageSeconds ?? 600) * 1000).toISOString(),
          lastTransitionTime: new Date(NOW - 3_600_000).toISOString(),
        },
      ],
    },
  });
  const stablePods = [pod('checkout-aaa-1', { app: 'checkout', 'rollouts-pod-template-hash': 'aaa' })];
  const canaryPods = [pod('checkout-bbb-1', { app: 'checkout', 'rollouts-pod-template-hash': 'bbb' })];
  const split = splitOf(v, 0, { stable: 'stable', canary: 'canary' });
  return canaryInput({
    mode: 'argo-subset',
    virtualServices: [v],
    split,
    rules: [rule],
    pods: [...stablePods, ...canaryPods],
    stable: version('stable', {
      name: 'aaa',
      subset: 'stable',
      subsetLabels: { 'rollouts-pod-template-hash': 'aaa' },
      pods: stablePods,
      versionLabel: 'aaa',
      vsWeight: 100 - vsCanary,
      effectiveWeight: 100 - vsCanary,
      controllerWeight: 100 - statusWeight,
    }),
    canary: version('canary', {
      name: 'bbb',
      subset: 'canary',
      subsetLabels: { 'rollouts-pod-template-hash': 'bbb' },
      pods: canaryPods,
      versionLabel: 'bbb',
      vsWeight: vsCanary,
      effectiveWeight: vsCanary,
      controllerWeight: statusWeight,
    }),
    controller: { kind: 'argo', rollout, analysisRuns: [], events: [] },
  });
}
