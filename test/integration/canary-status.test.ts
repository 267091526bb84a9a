import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppsV1Api,
  type KubeConfig as ClientKubeConfig,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Pod,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CommandContext } from '../../src/core/command.ts';
import type { Outcome } from '../../src/core/run-invocation.ts';
import { LiveKubeReader } from '../../src/gatherers/kube/live-kube-reader.ts';
import type { ScenarioInput } from '../../tools/mesh-traffic/scenario.ts';
import { defaultCallers } from '../../tools/mesh-traffic/scenarios.ts';
import { meshdocKubeConfig } from '../helpers/meshdoc-kube-config.ts';
import { applyManifests } from './harness/apply-manifests.ts';
import { canaryStatusCall } from './harness/canary-status-call.ts';
import { clusterObjects } from './harness/cluster-objects.ts';
import { freePort } from './harness/free-port.ts';
import { kubeletPodStatus } from './harness/kubelet-pod-status.ts';
import { deleteScenario, putScenario } from './harness/mesh-traffic.ts';
import { waitForSeries } from './harness/prometheus.ts';
import { limitedServiceAccount } from './harness/service-account-kubeconfig.ts';

// `canary status` end to end: the plain-Istio failure modes of canary.md §3.2 built as real objects
// through the real API server (Deployments → ReplicaSets → pods by kube-controller-manager; there is
// no kubelet, so the test writes each pod's status the way a kubelet would: Ready, or crash-looping),
// their traffic registered in the mesh-traffic stand-in with labels matching those objects, scraped
// by the real Prometheus, and meshdoc run live (LiveKubeReader + that Prometheus) over a 30 s window.
// Every scenario lives in its own namespace; all traffic is registered first so the waits overlap.

const prometheusUrl = inject('prometheusUrl');
const meshTrafficUrl = inject('meshTrafficUrl');
const run = `${process.pid}`;
const APP = 'reviews';

type Key =
  | 'healthy'
  | 'weights'
  | 'missing'
  | 'typo'
  | 'shadowed'
  | 'ingress'
  | 'sidecar'
  | 'crash'
  | 'little'
  | 'errors'
  | 'flagger'
  | 'rbac';
const ns = (k: Key) => `cs-${k}-${run}`;

let admin: KubeConfig;
let adminCtx: CommandContext;

// ---------- objects ----------

type Obj = Record<string, unknown>;

const service = (namespace: string, name = APP, selector: Record<string, string> = { app: APP }): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec: { selector, ports: [{ name: 'http', port: 9080, targetPort: 9080 }] },
});

const destinationRule = (
  namespace: string,
  subsets: { name: string; labels: Record<string, string> }[],
): Obj => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: APP, namespace },
  spec: { host: APP, subsets },
});

const split = (weights: [string, number][]) =>
  weights.map(([subset, weight]) => ({ destination: { host: APP, subset }, weight }));

const virtualService = (namespace: string, http: unknown[], extra: Obj = {}, name = APP): Obj => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace },
  spec: { hosts: [APP], http, ...extra },
});

const v1v2 = (namespace: string) =>
  destinationRule(namespace, [
    { name: 'v1', labels: { version: 'v1' } },
    { name: 'v2', labels: { version: 'v2' } },
  ]);

async function apply(objects: Obj[]): Promise<void> {
  await applyManifests(admin, objects.map((o) => JSON.stringify(o)).join('\n---\n'));
}

type PodState = 'ready' | 'crash';

/**
 * A Deployment `<workload>` of `replicas` pods labelled app/version (an istio-proxy container when
 * `sidecar`), created through the API server; its ReplicaSet and pods come from
 * kube-controller-manager. Each pod's status is then written as a kubelet would: Running and Ready,
 * or crash-looping (CrashLoopBackOff, 6 restarts, not Ready). Returns once the Deployment's status
 * counts the ready pods.
 */
async function deployment(
  namespace: string,
  o: {
    workload: string;
    version: string;
    replicas?: number;
    sidecar?: boolean;
    state?: PodState;
    labels?: Record<string, string>;
  },
): Promise<void> {
  const replicas = o.replicas ?? 2;
  const labels = { app: APP, version: o.version, ...o.labels };
  const containers = [
    { name: APP, image: `docker.io/istio/examples-bookinfo-reviews-${o.workload}:1.20.2` },
    ...(o.sidecar === false ? [] : [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.28.2' }]),
  ];
  await apply([
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: o.workload, namespace, labels },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers } },
      },
    },
  ]);
  const core = admin.makeApiClient(CoreV1Api);
  const apps = admin.makeApiClient(AppsV1Api);
  const selector = Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  let pods: V1Pod[] = [];
  for (let i = 0; pods.length < replicas; i++) {
    if (i > 300) throw new Error(`no ${replicas} pods for deployment ${namespace}/${o.workload} after 30 s`);
    pods = (await core.listNamespacedPod({ namespace, labelSelector: selector })).items;
    if (pods.length < replicas) await sleep(100);
  }
  const now = new Date().toISOString();
  const crash = o.state === 'crash';
  for (const pod of pods) {
    const status = kubeletPodStatus({ containers, ...(crash ? { crashing: APP } : {}), now });
    await core.patchNamespacedPodStatus(
      { name: pod.metadata?.name ?? '', namespace, body: { status } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }
  const wantReady = crash ? 0 : replicas;
  for (let i = 0; ; i++) {
    const d = await apps.readNamespacedDeployment({ name: o.workload, namespace });
    if ((d.status?.readyReplicas ?? 0) === wantReady && (d.status?.replicas ?? 0) === replicas) return;
    if (i > 300)
      throw new Error(
        `deployment ${namespace}/${o.workload}: readyReplicas ${d.status?.readyReplicas} ≠ ${wantReady} after 30 s`,
      );
    await sleep(100);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The usual layout: Service, stable Deployment v1, then (a second later, so its pods are the
 * newest: how meshdoc tells the canary) the canary Deployment v2.
 */
async function stableThenCanary(
  namespace: string,
  objects: Obj[],
  canary: Partial<Parameters<typeof deployment>[1]> = {},
  stable: Partial<Parameters<typeof deployment>[1]> = {},
): Promise<void> {
  await clusterObjects(admin).ensureNamespace(namespace, {});
  await apply([service(namespace), ...objects]);
  await deployment(namespace, { workload: `${APP}-v1`, version: 'v1', replicas: 3, ...stable });
  await sleep(1100);
  await deployment(namespace, { workload: `${APP}-v2`, version: 'v2', replicas: 1, ...canary });
}

// ---------- traffic ----------

type VersionIn = ScenarioInput['versions'][number];
const version = (v: string, rps: number, extra: Partial<VersionIn> = {}): VersionIn => ({
  version: v,
  workload: `${APP}-${v}`,
  rps,
  errorShare: 0.001,
  latencyMs: { p50: 20, p99: 80 },
  ...extra,
});
const scenario = (k: Key, versions: VersionIn[], extra: Partial<ScenarioInput> = {}): ScenarioInput => ({
  namespace: ns(k),
  service: APP,
  callers: defaultCallers(ns(k)),
  versions,
  ...extra,
});

// 40 rps: in 30 s, 1 200 requests; the canary at 10 % has 120 (≥ 50 per version for health, ≥ 20 for the split).
const traffic: Partial<Record<Key, ScenarioInput>> = {
  healthy: scenario('healthy', [version('v1', 36), version('v2', 4)]),
  // 90/20 → w/Σw: 81.8 % / 18.2 %.
  weights: scenario('weights', [version('v1', 32.73), version('v2', 7.27)]),
  // 10 % of requests go to subset v3, which no DestinationRule defines: 503 NC at the caller, every
  // destination label unknown (Istio reports no version for a request that found no cluster).
  missing: scenario('missing', [version('v1', 36), version('v2', 0)], {
    routingFailures: [{ flag: 'NC', rps: 4 }],
  }),
  // Subset v2 selects version=v2 but the canary pods say 2.0: its 10 % fail with 503 UH.
  typo: scenario('typo', [version('v1', 36), version('2.0', 0, { workload: `${APP}-v2` })], {
    routingFailures: [{ flag: 'UH', rps: 4 }],
  }),
  shadowed: scenario('shadowed', [version('v1', 36), version('v2', 4)]),
  ingress: scenario('ingress', [version('v1', 36), version('v2', 4)]),
  // The canary has no sidecar: callers report it (reporter=source), nothing at the destination.
  sidecar: scenario('sidecar', [version('v1', 36), version('v2', 4, { sidecar: false })]),
  // 70/30 with the canary crash-looping: its share fails at the caller with 503 UH, a little reaches it and fails.
  crash: scenario('crash', [version('v1', 28), version('v2', 1, { errorShare: 0.5, errorCode: 503 })], {
    routingFailures: [{ flag: 'UH', rps: 11, version: 'v2' }],
  }),
  little: scenario('little', [version('v1', 0.5), version('v2', 0.05)]),
  errors: scenario('errors', [version('v1', 36), version('v2', 4, { errorShare: 0.05, errorCode: 500 })]),
  flagger: scenario('flagger', [
    version('v1', 36, { workload: `${APP}-primary` }),
    version('v2', 4, { workload: APP, errorShare: 0.05, errorCode: 500 }),
  ]),
  rbac: scenario('rbac', [version('v1', 36), version('v2', 4)]),
};
const trafficKeys = Object.keys(traffic) as Key[];

// ---------- meshdoc ----------

async function liveCtx(kc: ClientKubeConfig, prometheus: string | undefined): Promise<CommandContext> {
  const reader = new LiveKubeReader({ kubeConfig: await meshdocKubeConfig(kc), timeoutMs: 10_000 });
  return {
    defaultNamespace: 'default',
    now: () => new Date(),
    reader: async () => reader,
    ...(prometheus ? { prometheusUrl: prometheus } : {}),
  };
}

/** The JSON contract (docs/json-output.md): the command's data merged at the top level. */
type Json = {
  verdict: string;
  headline: string;
  findings: { code: string; severity: string; message: string }[];
  attachments: { filename: string; mediaType: string }[];
  notes: { evidence: string; message: string }[];
  why: { code: string; cause: string; message: string }[];
  observed: { stableRequests: number; canaryRequests: number } | null;
  split: { sum: number; destinations: { subset?: string; effective: number; role?: string }[] } | null;
  canary: VersionJson | null;
  stable: VersionJson | null;
  routingFailures: { flag: string; role?: string; requests: number }[];
  healthUnknownWhy: string | null;
  reporter: string | null;
  sections: unknown[];
};
type VersionJson = {
  subset: string | null;
  pods: number;
  version: string | null;
  health: { requests: number; errorShare: number | null } | null;
};

async function canaryStatus(
  namespace: string,
  ctx: CommandContext = adminCtx,
  app = APP,
  extra: readonly string[] = [],
): Promise<{ out: Outcome; json: Json; findings: { code: string; severity: string; message: string }[] }> {
  const { out, json } = await canaryStatusCall<Json>(ctx, app, namespace, extra);
  return { out, json, findings: json.findings ?? [] };
}

const whyCodes = (j: Json) => j.why.map((w) => w.code);
const rank = { pass: 0, info: 1, warning: 2, error: 3 } as Record<string, number>;
const worse = (fs: { severity: string }[], than: string) =>
  fs.filter((f) => (rank[f.severity] ?? 9) > (rank[than] ?? 0));

const started = Date.now();

beforeAll(async () => {
  admin = new KubeConfig();
  admin.loadFromFile(inject('kubeconfig'));
  adminCtx = await liveCtx(admin, prometheusUrl);
  // Traffic first: its counters must be older than the 30 s window when meshdoc asks.
  await Promise.all(
    trafficKeys.map((k) => putScenario(meshTrafficUrl, `cs-${k}-${run}`, traffic[k] as ScenarioInput)),
  );
  const t = (n: number, w: number): [string, number][] => [
    ['v1', n],
    ['v2', w],
  ];
  const mesh = (k: Key, weights: [string, number][]) => virtualService(ns(k), [{ route: split(weights) }]);
  await Promise.all([
    stableThenCanary(ns('healthy'), [v1v2(ns('healthy')), mesh('healthy', t(90, 10))]),
    stableThenCanary(ns('weights'), [v1v2(ns('weights')), mesh('weights', t(90, 20))]),
    stableThenCanary(ns('missing'), [
      v1v2(ns('missing')),
      mesh('missing', [
        ['v1', 90],
        ['v3', 10],
      ]),
    ]),
    stableThenCanary(ns('typo'), [v1v2(ns('typo')), mesh('typo', t(90, 10))], { version: '2.0' }),
    stableThenCanary(ns('shadowed'), [
      v1v2(ns('shadowed')),
      virtualService(ns('shadowed'), [
        { name: 'default', route: split(t(90, 10)) },
        {
          name: 'canary-header',
          match: [{ headers: { 'x-canary': { exact: 'true' } } }],
          route: split([['v2', 100]]),
        },
      ]),
    ]),
    stableThenCanary(ns('ingress'), [
      v1v2(ns('ingress')),
      mesh('ingress', t(90, 10)),
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'Gateway',
        metadata: { name: 'reviews-gateway', namespace: ns('ingress') },
        spec: {
          selector: { istio: 'ingressgateway' },
          servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['reviews.example.com'] }],
        },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'reviews-ingress', namespace: ns('ingress') },
        spec: {
          hosts: ['reviews.example.com'],
          gateways: ['reviews-gateway'],
          http: [{ route: [{ destination: { host: APP, port: { number: 9080 } } }] }],
        },
      },
    ]),
    stableThenCanary(ns('sidecar'), [v1v2(ns('sidecar')), mesh('sidecar', t(90, 10))], { sidecar: false }),
    stableThenCanary(ns('crash'), [v1v2(ns('crash')), mesh('crash', t(70, 30))], {
      state: 'crash',
      replicas: 2,
    }),
    stableThenCanary(ns('little'), [v1v2(ns('little')), mesh('little', t(90, 10))]),
    stableThenCanary(ns('errors'), [v1v2(ns('errors')), mesh('errors', t(90, 10))]),
    stableThenCanary(ns('rbac'), [v1v2(ns('rbac')), mesh('rbac', t(90, 10))]),
    flaggerScenario(ns('flagger')),
  ]);
  // Every scenario's series older than the window (30 s of 1 s scrapes, and a margin): increase()
  // over 30 s then counts the whole window, so the request minimums are judged on real volume.
  await Promise.all(
    trafficKeys.map((k) =>
      waitForSeries(
        prometheusUrl,
        `min(count_over_time(istio_requests_total{destination_service_namespace="${ns(k)}"}[40s]))`,
        (samples) => (samples[0]?.value.value ?? 0) >= 33,
        90_000,
      ),
    ),
  );
  process.stderr.write(`[canary-status] objects and traffic ready in ${Date.now() - started} ms\n`);
}, 150_000);

afterAll(async () => {
  await Promise.all(trafficKeys.map((k) => deleteScenario(meshTrafficUrl, `cs-${k}-${run}`)));
  process.stderr.write(`[canary-status] file took ${Date.now() - started} ms\n`);
});

/** Flagger's layout (§1.2): apex, -primary and -canary Services, its VirtualService, a Progressing Canary at 10 %. */
async function flaggerScenario(namespace: string): Promise<void> {
  await clusterObjects(admin).ensureNamespace(namespace, {});
  const primarySel = { app: `${APP}-primary` };
  const canarySel = { app: APP };
  await apply([
    service(namespace, APP, primarySel),
    service(namespace, `${APP}-primary`, primarySel),
    service(namespace, `${APP}-canary`, canarySel),
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: APP, namespace },
      spec: {
        hosts: [APP],
        http: [
          {
            route: [
              { destination: { host: `${APP}-primary` }, weight: 90 },
              { destination: { host: `${APP}-canary` }, weight: 10 },
            ],
          },
        ],
      },
    },
    {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name: APP, namespace },
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: APP },
        service: { port: 9080 },
        analysis: {
          interval: '1m',
          threshold: 5,
          maxWeight: 50,
          stepWeight: 10,
          metrics: [
            { name: 'request-success-rate', thresholdRange: { min: 99 }, interval: '1m' },
            { name: 'request-duration', thresholdRange: { max: 500 }, interval: '1m' },
          ],
        },
      },
    },
  ]);
  const now = new Date().toISOString();
  await admin.makeApiClient(CustomObjectsApi).patchNamespacedCustomObjectStatus(
    {
      group: 'flagger.app',
      version: 'v1beta1',
      namespace,
      plural: 'canaries',
      name: APP,
      body: {
        status: {
          phase: 'Progressing',
          canaryWeight: 10,
          failedChecks: 0,
          iterations: 0,
          lastTransitionTime: now,
          conditions: [
            {
              type: 'Promoted',
              status: 'Unknown',
              reason: 'Progressing',
              message: 'New revision detected, progressing canary analysis.',
              lastUpdateTime: now,
              lastTransitionTime: now,
            },
          ],
        },
      },
    },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  );
  await deployment(namespace, {
    workload: `${APP}-primary`,
    version: 'v1',
    replicas: 2,
    labels: { app: `${APP}-primary` },
  });
  await sleep(1100);
  await deployment(namespace, { workload: APP, version: 'v2', replicas: 1 });
}

// ---------- the scenarios ----------

describe('canary status, live: plain Istio failure modes (canary.md §3.2) against the real API server and Prometheus', () => {
  it('1. a healthy 90/10 canary with enough traffic is progressing: split within tolerance, nothing worse than info, a chart', async () => {
    const chart = join(mkdtempSync(join(tmpdir(), 'meshdoc-chart-')), 'healthy.png');
    const { json, findings } = await canaryStatus(ns('healthy'), adminCtx, APP, ['--chart', chart]);
    expect(json.verdict, json.headline).toBe('progressing');
    // --chart FILE: the PNG is written, and the answer says where.
    expect(readFileSync(chart).subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(JSON.stringify(json.sections)).toContain(`Written to ${chart}`);
    expect(json.reporter).toBe('destination');
    expect(json.why).toEqual([]);
    expect(worse(findings, 'info'), JSON.stringify(findings)).toEqual([]);
    const o = json.observed;
    expect(o).not.toBeNull();
    const share = (o?.canaryRequests ?? 0) / ((o?.canaryRequests ?? 0) + (o?.stableRequests ?? 1));
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.15);
    expect(json.canary).toMatchObject({ subset: 'v2', version: 'v2' });
    expect(json.stable).toMatchObject({ subset: 'v1', version: 'v1' });
    expect(json.canary?.health?.requests).toBeGreaterThanOrEqual(50);
    expect(findings.map((f) => f.code)).toContain('MESH0431'); // T01 ruled out (split within tolerance)
    expect(findings.find((f) => f.code === 'MESH0431')?.severity).toBe('pass');
  });

  it('2. weights 90/20 with traffic following w/Σw: at-risk, MESH0403 warning (effective 81.8/18.2)', async () => {
    const { json, findings } = await canaryStatus(ns('weights'));
    expect(json.verdict, json.headline).toBe('at-risk');
    expect(whyCodes(json)).toContain('MESH0403');
    const r03 = findings.find((f) => f.code === 'MESH0403');
    expect(r03?.severity).toBe('warning');
    expect(r03?.message).toMatch(/81\.8/);
    expect(r03?.message).toMatch(/18\.2/);
    expect(json.split?.sum).toBe(110);
    // The observed split follows w/Σw: no T01 finding beyond a pass.
    expect(findings.filter((f) => f.code === 'MESH0431' && f.severity !== 'pass')).toEqual([]);
  });

  it('3. a subset no DestinationRule defines (v3), 503 NC from the callers: misconfigured, MESH0404, and T02 MESH0432', async () => {
    const chart = join(mkdtempSync(join(tmpdir(), 'meshdoc-chart-')), 'missing.png');
    const { json, findings } = await canaryStatus(ns('missing'), adminCtx, APP, ['--chart', chart]);
    expect(json.verdict, json.headline).toBe('misconfigured');
    expect(whyCodes(json)).toContain('MESH0404');
    expect(findings.find((f) => f.code === 'MESH0404')?.severity).toBe('error');
    expect(
      findings.find((f) => f.code === 'MESH0432')?.severity,
      JSON.stringify({ canary: json.canary, stable: json.stable, why: json.healthUnknownWhy }),
    ).toBe('error');
    expect(json.routingFailures.map((f) => f.flag)).toContain('NC');
    // The canary is the 10 % destination with no pods (v3), not the running 90 % (v1); health was read.
    expect(json.canary).toMatchObject({ subset: 'v3', pods: 0 });
    expect(json.stable).toMatchObject({ subset: 'v1', version: 'v1' });
    expect(json.healthUnknownWhy).toBeNull();
    // Only the callers see v3: both versions are compared (and charted) on their reports.
    expect(json.reporter).toBe('source');
    expect(readFileSync(chart).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('4. a subset label typo (v2 selects version=v2, the pods say 2.0), 503 UH: misconfigured, MESH0405', async () => {
    const { json, findings } = await canaryStatus(ns('typo'));
    expect(json.verdict, json.headline).toBe('misconfigured');
    expect(whyCodes(json)).toContain('MESH0405');
    expect(findings.find((f) => f.code === 'MESH0405')?.message).toMatch(/2\.0/);
    expect(json.canary).toMatchObject({ subset: 'v2', pods: 0 });
    expect(json.stable).toMatchObject({ subset: 'v1', pods: 3 });
    expect(findings.find((f) => f.code === 'MESH0432')?.severity).toBe('error');
  });

  it('5. the header route after the catch-all: misconfigured, MESH0407', async () => {
    const { json } = await canaryStatus(ns('shadowed'));
    expect(json.verdict, json.headline).toBe('misconfigured');
    expect(whyCodes(json)).toContain('MESH0407');
  });

  it('6. a gateway VirtualService routing to the app without a subset while the mesh splits, with ingress traffic: misconfigured, MESH0409 error', async () => {
    const { json, findings } = await canaryStatus(ns('ingress'));
    expect(json.verdict, json.headline).toBe('misconfigured');
    expect(whyCodes(json)).toContain('MESH0409');
    const r09 = findings.find((f) => f.code === 'MESH0409');
    expect(r09?.severity).toBe('error');
    expect(r09?.message).toMatch(/reviews-ingress/);
  });

  it('7. canary pods without a sidecar: at least at-risk, MESH0423', async () => {
    const { json, findings } = await canaryStatus(ns('sidecar'));
    expect(['at-risk', 'failing', 'misconfigured'], json.headline).toContain(json.verdict);
    expect(findings.find((f) => f.code === 'MESH0423')?.severity).toBe('warning');
    expect(json.verdict === 'at-risk' ? whyCodes(json) : ['MESH0423']).toContain('MESH0423');
  });

  it('8. a canary crash-looping at 30 %: failing, MESH0421', async () => {
    const { json, findings } = await canaryStatus(ns('crash'));
    expect(json.verdict, json.headline).toBe('failing');
    expect(whyCodes(json)).toContain('MESH0421');
    expect(findings.find((f) => f.code === 'MESH0421')?.message).toMatch(/CrashLoopBackOff/);
  });

  it('9. too little traffic: unknown, MESH0433', async () => {
    const { json } = await canaryStatus(ns('little'));
    expect(json.verdict, json.headline).toBe('unknown');
    expect(whyCodes(json)).toEqual(['MESH0433']);
  });

  it('10. the canary at 5 % 5xx vs stable 0.1 %, meshdoc defaults: at-risk (H02, MESH0442)', async () => {
    const { json, findings } = await canaryStatus(ns('errors'));
    expect(json.verdict, json.headline).toBe('at-risk');
    expect(whyCodes(json)).toContain('MESH0442');
    expect(json.canary?.health?.errorShare).toBeGreaterThan(0.03);
    expect(json.canary?.health?.errorShare).toBeLessThan(0.08);
    expect(findings.filter((f) => f.code === 'MESH0441' && f.severity === 'error')).toEqual([]);
  });

  it('10b. the same under a Flagger Canary whose request-success-rate min is 99: failing (H01, MESH0441)', async () => {
    const { json } = await canaryStatus(ns('flagger'));
    expect(json.verdict, json.headline).toBe('failing');
    expect(whyCodes(json)).toContain('MESH0441');
  });

  it('11. Prometheus unreachable: unknown, naming the URL, never progressing', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { json } = await canaryStatus(ns('healthy'), await liveCtx(admin, url));
    expect(json.verdict, json.headline).toBe('unknown');
    expect(`${json.headline} ${json.why.map((w) => w.message).join(' ')}`).toContain(`127.0.0.1:${port}`);
    expect(json.attachments).toEqual([]);
  });

  it('11b. no Prometheus configured (MESHDOC_PROMETHEUS_URL unset): unknown, saying so', async () => {
    const { json } = await canaryStatus(ns('healthy'), await liveCtx(admin, undefined));
    expect(json.verdict, json.headline).toBe('unknown');
    expect(json.headline).toMatch(/no Prometheus is configured/);
    expect(json.healthUnknownWhy).toMatch(/MESHDOC_PROMETHEUS_URL/);
  });

  it('12. an app that does not exist: not_found with "Did you mean"', async () => {
    const { out } = await canaryStatus(ns('healthy'), adminCtx, 'reveiws');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('not_found');
    expect(`${out.error.userMessage} ${out.error.hint ?? ''}`).toMatch(/Did you mean: reviews\?/);
  });

  it('12b. a namespace that does not exist: a clear error naming it', async () => {
    const missing = `cs-nowhere-${run}`;
    const { out } = await canaryStatus(missing);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('not_found');
    expect(out.error.userMessage).toContain(`Namespace "${missing}" does not exist`);
  });

  it('12c. an identity that may not list canaries.flagger.app still gets the answer, with a note naming the verb and resource', async () => {
    const read = ['get', 'list'];
    const kc = await limitedServiceAccount(
      admin,
      { server: inject('apiserverUrl'), caFile: inject('caCrt') },
      `cs-no-canaries-${run}`,
      [
        { apiGroups: [''], resources: ['services', 'pods', 'events', 'namespaces'], verbs: read },
        { apiGroups: ['apps'], resources: ['deployments', 'replicasets'], verbs: read },
        { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: read },
        { apiGroups: ['argoproj.io'], resources: ['rollouts', 'analysisruns'], verbs: read },
        {
          apiGroups: ['networking.istio.io'],
          resources: ['virtualservices', 'destinationrules', 'serviceentries', 'gateways'],
          verbs: read,
        },
      ],
    );
    const { json } = await canaryStatus(ns('rbac'), await liveCtx(kc, prometheusUrl));
    expect(json.verdict, json.headline).toBe('progressing');
    expect(json.notes.map((n) => n.message).join('\n')).toContain(
      'verb "list" on resource "canaries.flagger.app"',
    );
  });
});
