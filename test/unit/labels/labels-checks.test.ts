import { describe, expect, it } from 'vitest';
import { decideLabels, podsOfApp, servicesOfApp } from '../../../src/diagnostics/labels/decide-labels.ts';
import { describeDifference, nearMisses } from '../../../src/diagnostics/labels/near-miss.ts';
import type { EvidenceBundle } from '../../../src/evidence/evidence-bundle.ts';
import { type VirtualService, VirtualServiceSchema } from '../../../src/schemas/istio.ts';
import {
  type Deployment,
  DeploymentSchema,
  type Pod,
  PodSchema,
  type Service,
} from '../../../src/schemas/kube.ts';
import { destinationRule, service } from '../../helpers/tls-scene.ts';

// The labels checks, each cause positive and ruled out, and the near misses.

const pod = (name: string, labels: Record<string, string>, ready = true): Pod =>
  PodSchema.parse({
    metadata: { name, namespace: 'store', labels },
    spec: { containers: [{ name: 'app' }] },
    status: {
      phase: ready ? 'Running' : 'Pending',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  });
const vs = (name: string, routes: { host: string; subset?: string; weight?: number }[]): VirtualService =>
  VirtualServiceSchema.parse({
    metadata: { name, namespace: 'store' },
    spec: {
      hosts: ['reviews'],
      http: [{ name: 'main', route: routes.map(({ weight, ...destination }) => ({ destination, weight })) }],
    },
  });

function decide(input: {
  app?: string;
  svc?: string;
  services: Service[];
  pods: Pod[];
  rules?: ReturnType<typeof destinationRule>[];
  vss?: VirtualService[];
  deployments?: Deployment[];
}) {
  const bundle: EvidenceBundle = {
    values: {
      services: input.services,
      namespacePods: input.pods,
      namespaceDeployments: input.deployments ?? [],
      meshServices: input.services,
      meshDestinationRules: input.rules ?? [],
      meshVirtualServices: input.vss ?? [],
      serviceEntries: [],
    },
    missing: {},
    assumed: {},
  };
  const chosen = input.svc
    ? input.services.filter((s) => s.metadata.name === input.svc)
    : servicesOfApp(input.services, podsOfApp(input.pods, input.app ?? ''), input.app ?? '', input.pods);
  const target = input.svc
    ? { kind: 'service' as const, name: input.svc }
    : { kind: 'app' as const, name: input.app ?? '' };
  const d = decideLabels(bundle, target, 'store', chosen, 'kubectl');
  return {
    d,
    problems: d.findings.filter((f) => f.severity !== 'pass'),
    causes: d.findings.filter((f) => f.severity !== 'pass').map((f) => `${f.cause}:${f.severity}`),
    passes: d.findings.filter((f) => f.severity === 'pass').map((f) => f.cause),
  };
}

const reviews = service('reviews', 'store', [{ port: 9080, name: 'http' }]);
const v1 = pod('reviews-v1-a', { app: 'reviews', version: 'v1' });
const v2 = pod('reviews-v2-b', { app: 'reviews', version: 'v2' });
const subsets = (...names: string[]) =>
  destinationRule('reviews', 'store', {
    host: 'reviews',
    subsets: names.map((n) => ({ name: n, labels: { version: n } })),
  });

describe('near misses', () => {
  const p = (labels: Record<string, string>) => pod('p', labels);
  it.each([
    [{ version: 'v2' }, { version: 'v2.0' }, 'version=v2.0 (wanted version=v2)'],
    [{ version: 'v2' }, { verison: 'v2' }, 'verison=v2 (wanted version=v2)'],
    [{ app: 'reviews' }, { App: 'reviews' }, 'App=reviews (wanted app=reviews)'],
    [{ app: 'reviews', version: 'v2' }, { app: 'reviews' }, 'no version label (wanted version=v2)'],
  ])('%j against a pod with %j: %s', (selector, labels, text) => {
    const [miss] = nearMisses(selector, [p(labels)]);
    expect(miss && describeDifference(miss.difference)).toBe(text);
  });
  it('a pod two labels away is no near miss, and the likeliest typo comes first', () => {
    expect(nearMisses({ app: 'reviews', version: 'v2' }, [p({ app: 'ratings', version: 'v1' })])).toEqual([]);
    const misses = nearMisses({ version: 'v2' }, [
      pod('a', { version: 'v9' }),
      pod('b', { version: 'v2.0' }),
    ]);
    expect(misses.map((m) => m.pod.metadata.name)).toEqual(['b', 'a']);
  });
});

describe('labels checks', () => {
  it('a healthy app: every check ruled out', () => {
    const r = decide({
      app: 'reviews',
      services: [reviews],
      pods: [v1, v2],
      rules: [subsets('v1', 'v2')],
      vss: [
        vs('reviews', [
          { host: 'reviews', subset: 'v1', weight: 80 },
          { host: 'reviews', subset: 'v2', weight: 20 },
        ]),
      ],
    });
    expect(r.causes).toEqual([]);
    expect(r.d.verdict).toBe('ok');
    expect(new Set(r.passes)).toEqual(
      new Set([
        'service-selects-no-pods',
        'subset-selects-no-pods',
        'undefined-subset',
        'destination-rule-host-unknown',
        'virtual-service-host-unknown',
        'missing-app-label',
        'missing-version-label',
        'subset-too-broad',
        'subset-without-labels',
        'port-protocol-unknown',
        'pod-in-several-services',
      ]),
    );
  });

  it('service-selects-no-pods: a typo in the selector, found from the app and from svc/', () => {
    const ratings = service('ratings', 'store', [{ port: 9080, name: 'http' }], {
      selector: { app: 'rating' },
    });
    const pods = [pod('ratings-v1-a', { app: 'ratings', version: 'v1' })];
    for (const r of [
      decide({ app: 'ratings', services: [ratings], pods }),
      decide({ svc: 'ratings', services: [ratings], pods }),
    ]) {
      expect(r.causes).toEqual(['service-selects-no-pods:error']);
      expect(r.d.verdict).toBe('mismatch');
      expect(r.problems[0]?.message).toContain('ratings-v1-a has app=ratings (wanted app=rating)');
      expect(r.problems[0]?.fix?.command).toBe(
        `kubectl patch service ratings -n store --type=merge -p '{"spec":{"selector":{"app":"ratings"}}}'`,
      );
    }
  });

  it('service-selects-no-pods: not when a Deployment template it selects is scaled to zero', () => {
    const ratings = service('ratings', 'store', [{ port: 9080, name: 'http' }]);
    const scaledDown = DeploymentSchema.parse({
      metadata: { name: 'ratings-v1', namespace: 'store' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'ratings' } },
        template: { metadata: { labels: { app: 'ratings', version: 'v1' } } },
      },
    });
    expect(
      decide({ svc: 'ratings', services: [ratings], pods: [], deployments: [scaledDown] }).causes,
    ).not.toContain('service-selects-no-pods:error');
    expect(decide({ svc: 'ratings', services: [ratings], pods: [] }).causes).toContain(
      'service-selects-no-pods:error',
    );
  });

  it('subset-selects-no-pods: the pods say v2.0, the subset v2', () => {
    const r = decide({
      app: 'reviews',
      services: [reviews],
      pods: [v1, pod('reviews-v2-b', { app: 'reviews', version: 'v2.0' })],
      rules: [subsets('v1', 'v2')],
    });
    expect(r.causes).toEqual(['subset-selects-no-pods:error']);
    expect(r.problems[0]?.message).toContain('reviews-v2-b has version=v2.0 (wanted version=v2)');
    expect(r.problems[0]?.fix?.command).toContain('"path":"/spec/subsets/1/labels/version","value":"v2.0"');
  });

  it('subset-selects-no-pods: only another app carries the labels (IST0173 would stay silent)', () => {
    const other = pod('ratings-v2-c', { app: 'ratings', version: 'v2' });
    const r = decide({
      app: 'reviews',
      services: [reviews],
      pods: [v1, other],
      rules: [subsets('v1', 'v2')],
    });
    expect(r.causes).toEqual(['subset-selects-no-pods:error']);
    expect(r.problems[0]?.message).toContain(
      'only pods of another app carry version=v2 (ratings-v2-c; istioctl analyze IST0173 stays silent here)',
    );
  });

  it('subset-selects-no-pods: pods that match but none Ready', () => {
    const r = decide({
      app: 'reviews',
      services: [reviews],
      pods: [v1, pod('reviews-v2-b', { app: 'reviews', version: 'v2' }, false)],
      rules: [subsets('v1', 'v2')],
    });
    expect(r.causes).toEqual(['subset-selects-no-pods:error']);
    expect(r.problems[0]?.message).toContain('its 1 pod is not Ready');
  });

  it('undefined-subset: a route to a subset no rule defines', () => {
    const r = decide({
      app: 'reviews',
      services: [reviews],
      pods: [v1, v2],
      rules: [subsets('v1', 'v2')],
      vss: [
        vs('reviews', [
          { host: 'reviews', subset: 'v1', weight: 80 },
          { host: 'reviews', subset: 'v3', weight: 20 },
        ]),
      ],
    });
    expect(r.causes).toEqual(['undefined-subset:error']);
    expect(r.problems[0]?.message).toContain('routes 20% of http traffic (route main) to subset v3');
  });

  it('destination-rule-host-unknown and virtual-service-host-unknown: hosts that resolve to nothing', () => {
    const r = decide({
      app: 'reviews',
      services: [reviews],
      pods: [v1, v2],
      rules: [destinationRule('reviewz', 'store', { host: 'reviewz' })],
      vss: [vs('to-nowhere', [{ host: 'reviewz' }])],
    });
    expect(r.causes.sort()).toEqual([
      'destination-rule-host-unknown:warning',
      'virtual-service-host-unknown:error',
    ]);
  });

  it('missing-app-label and missing-version-label', () => {
    const bare = service('reviews', 'store', [{ port: 9080, name: 'http' }], {
      selector: { tier: 'reviews' },
    });
    const r = decide({ svc: 'reviews', services: [bare], pods: [pod('reviews-x', { tier: 'reviews' })] });
    expect(r.causes.sort()).toEqual(['missing-app-label:warning', 'missing-version-label:info']);
  });

  it('subset-too-broad and subset-without-labels', () => {
    const rule = destinationRule('reviews', 'store', {
      host: 'reviews',
      subsets: [{ name: 'all-v', labels: { app: 'reviews' } }, { name: 'bare' }],
    });
    const r = decide({ app: 'reviews', services: [reviews], pods: [v1, v2], rules: [rule] });
    expect(r.causes.sort()).toEqual(['subset-too-broad:warning', 'subset-without-labels:warning']);
  });

  it('port-protocol-unknown: an unnamed port without appProtocol; appProtocol or a prefix is enough', () => {
    const unnamed = service('reviews', 'store', [{ port: 9080 }]);
    expect(decide({ app: 'reviews', services: [unnamed], pods: [v1, v2] }).causes).toEqual([
      'port-protocol-unknown:warning',
    ]);
    const named = service('reviews', 'store', [{ port: 9080, name: 'grpc-api' }]);
    expect(decide({ app: 'reviews', services: [named], pods: [v1, v2] }).causes).toEqual([]);
  });

  it('pod-in-several-services: two Services give one target port different protocols', () => {
    const a = service('reviews', 'store', [{ port: 9080, name: 'http' }]);
    const b = service('reviews-raw', 'store', [{ port: 9080, name: 'tcp-raw' }], {
      selector: { app: 'reviews' },
    });
    const r = decide({ app: 'reviews', services: [a, b], pods: [v1] });
    expect(r.causes).toEqual(['pod-in-several-services:warning']);
  });
});
