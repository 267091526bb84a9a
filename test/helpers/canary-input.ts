import type { CanaryInput, CanaryVersion } from '../../src/diagnostics/canary/canary-input.ts';
import type { CanaryMetrics, VersionMetrics } from '../../src/diagnostics/canary/canary-metrics.ts';
import { defaultCanarySettings } from '../../src/diagnostics/canary/canary-settings.ts';
import { DestinationRuleSchema, VirtualServiceSchema } from '../../src/schemas/istio.ts';
import { DeploymentSchema, type Pod, PodSchema, ServiceSchema } from '../../src/schemas/kube.ts';

// A plain-Istio canary scene built by hand for check unit tests: app `checkout` in `shop`, Service
// `checkout`, subsets v1/v2 by `version`, a VirtualService splitting 70/30, two ready pods per
// version with sidecars, healthy metrics with enough traffic. Tests change what they test.

export const NOW = Date.parse('2026-11-30T12:00:00Z');

export function pod(
  name: string,
  labels: Record<string, string>,
  opts: { ready?: boolean; sidecar?: boolean; image?: string; waiting?: string; restarts?: number } = {},
): Pod {
  const ready = opts.ready ?? true;
  const containers = [{ name: 'app', image: opts.image ?? `shop/checkout:${labels.version ?? 'x'}` }];
  if (opts.sidecar ?? true) containers.push({ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.26.0' });
  return PodSchema.parse({
    metadata: { name, namespace: 'shop', labels },
    spec: { containers },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: containers.map((c) => ({
        name: c.name,
        ready,
        restartCount: opts.restarts ?? 0,
        state: opts.waiting ? { waiting: { reason: opts.waiting } } : { running: {} },
      })),
    },
  });
}

export function versionMetrics(over: Partial<VersionMetrics> = {}): VersionMetrics {
  return {
    destinationRequests: 1000,
    sourceRequests: 1000,
    requests: 1000,
    rps: 1000 / 300,
    errorShare: 0.001,
    share4xx: 0.01,
    grpcErrorShare: null,
    p99Ms: 180,
    unknownSourceRequests: 0,
    ...over,
  };
}

export function metrics(over: Partial<CanaryMetrics> = {}): CanaryMetrics {
  return {
    evaluatedAt: NOW,
    dataAgeSeconds: 5,
    reporter: 'destination',
    stable: versionMetrics({ destinationRequests: 700, sourceRequests: 700, requests: 700, rps: 700 / 300 }),
    canary: versionMetrics({ destinationRequests: 300, sourceRequests: 300, requests: 300, rps: 1 }),
    observed: { stableRequests: 700, canaryRequests: 300 },
    bySource: [{ sourceWorkload: 'frontend', stableRequests: 700, canaryRequests: 300 }],
    routingFailures: [],
    partial: [],
    ...over,
  };
}

const stablePods = [
  pod('checkout-v1-a', { app: 'checkout', version: 'v1' }),
  pod('checkout-v1-b', { app: 'checkout', version: 'v1' }),
];
const canaryPods = [
  pod('checkout-v2-a', { app: 'checkout', version: 'v2' }),
  pod('checkout-v2-b', { app: 'checkout', version: 'v2' }),
];

export const service = ServiceSchema.parse({
  metadata: { name: 'checkout', namespace: 'shop' },
  spec: { selector: { app: 'checkout' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
});

export const virtualService = VirtualServiceSchema.parse({
  metadata: { name: 'checkout', namespace: 'shop' },
  spec: {
    hosts: ['checkout'],
    http: [
      {
        route: [
          { destination: { host: 'checkout', subset: 'v1' }, weight: 70 },
          { destination: { host: 'checkout', subset: 'v2' }, weight: 30 },
        ],
      },
    ],
  },
});

export const destinationRule = DestinationRuleSchema.parse({
  metadata: { name: 'checkout', namespace: 'shop' },
  spec: {
    host: 'checkout',
    subsets: [
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' } },
    ],
  },
});

function deployment(name: string, version: string, replicas: number, ready: number) {
  return DeploymentSchema.parse({
    metadata: { name, namespace: 'shop' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'checkout', version } },
      template: {
        metadata: { labels: { app: 'checkout', version } },
        spec: { containers: [{ name: 'app', image: `shop/checkout:${version}` }] },
      },
    },
    status: { replicas, readyReplicas: ready, availableReplicas: ready, updatedReplicas: replicas },
  });
}

export function version(role: 'stable' | 'canary', over: Partial<CanaryVersion> = {}): CanaryVersion {
  const v = role === 'stable' ? 'v1' : 'v2';
  const object = deployment(`checkout-${v}`, v, 2, 2);
  return {
    role,
    name: v,
    host: 'checkout.shop.svc.cluster.local',
    subset: v,
    service,
    subsetLabels: { version: v },
    subsetDefined: true,
    pods: role === 'stable' ? stablePods : canaryPods,
    workload: { kind: 'Deployment', object, desired: 2, ready: 2, available: 2 },
    versionLabel: v,
    images: [`shop/checkout:${v}`],
    metricKey: { label: 'destination_version', value: v },
    vsWeight: role === 'stable' ? 70 : 30,
    effectiveWeight: role === 'stable' ? 70 : 30,
    ...over,
  };
}

/** The healthy plain-Istio scene at 70/30; `over` replaces whole fields. */
export function canaryInput(over: Partial<CanaryInput> = {}): CanaryInput {
  const stable = version('stable');
  const canary = version('canary');
  return {
    app: 'checkout',
    namespace: 'shop',
    mode: 'istio',
    now: NOW,
    kubectl: 'kubectl',
    service,
    services: [service],
    meshServices: [service],
    serviceEntries: [],
    virtualServices: [virtualService],
    split: {
      vs: virtualService,
      routeIndex: 0,
      route: virtualService.spec.http?.[0] ?? {},
      destinations: [
        { host: stable.host, subset: 'v1', weight: 70, effective: 0.7, role: 'stable' },
        { host: canary.host, subset: 'v2', weight: 30, effective: 0.3, role: 'canary' },
      ],
      sum: 100,
    },
    rules: [destinationRule],
    gateways: [],
    stable,
    canary,
    pods: [...stablePods, ...canaryPods],
    deployments: [stable.workload?.object, canary.workload?.object].filter((d) => d !== undefined),
    hpas: [],
    namespaceObject: undefined,
    controller: { kind: 'none' },
    metrics: metrics(),
    metricsWhy: undefined,
    metricsFailed: false,
    windowSeconds: 300,
    settings: defaultCanarySettings,
    istioVersion: undefined,
    ...over,
  };
}
