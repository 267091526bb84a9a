import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, type ExpectStatic, inject, it } from 'vitest';
import type { CommandContext } from '../../src/core/command.ts';
import { LiveKubeReader } from '../../src/gatherers/kube/live-kube-reader.ts';
import type { ScenarioInput } from '../../tools/mesh-traffic/scenario.ts';
import { defaultCallers } from '../../tools/mesh-traffic/scenarios.ts';
import { meshdocKubeConfig } from '../helpers/meshdoc-kube-config.ts';
import { applyManifests } from './harness/apply-manifests.ts';
import { type ArgoRolloutsController, startArgoRollouts } from './harness/argo-rollouts-controller.ts';
import { canaryStatusCall } from './harness/canary-status-call.ts';
import { clusterObjects } from './harness/cluster-objects.ts';
import { type KwokNode, startKwokNode } from './harness/kwok-node.ts';
import { deleteScenario, putScenario } from './harness/mesh-traffic.ts';

// `canary status` against the real Argo Rollouts controller (v1.8.3, scripts/build-cluster), run
// out of cluster against the test API server: it finds Istio's CRDs and drives VirtualServices and
// DestinationRules itself. Rollout pods land on a kwok node (the template names it: there is no
// scheduler) and become Running and Ready there; kube-controller-manager keeps the ReplicaSets'
// counts. The traffic stand-in follows the live routing: every 750 ms the test reads the
// VirtualService's weights, maps each destination (subset or Service) through its
// rollouts-pod-template-hash to the ReplicaSet and its `version` label, and registers that split,
// scraped by the real Prometheus that Argo's AnalysisRuns query too.
//
// Every scenario is a test of its own namespace, run concurrently. At each step the test waits for
// the controller's own status to reach it, and — since meshdoc compares the observed split over a
// 30 s window with the weights — for 30 s of traffic at the new weights, then asserts that
// meshdoc's verdict, phase and weights agree with the Rollout's status and the VirtualService read
// from the API server in the same instant (both read before and after meshdoc, same
// resourceVersions).

const prometheusUrl = inject('prometheusUrl');
const meshTrafficUrl = inject('meshTrafficUrl');
const run = `${process.pid}`;
const APP = 'reviews';
const NODE = `kwok-argo-${run}`;
const DRIFT_INSTANCE = 'meshdoc-drift';
/** Requests per second the app receives, split as the VirtualService says. */
const TOTAL_RPS = 40;
/** meshdoc's window (30 s), one scrape and a margin: the window then holds only the current split. */
const CLEAN_WINDOW_MS = 34_000;
const STEP_TIMEOUT_MS = 180_000;

type Key = 'promote' | 'abort' | 'drift';
type Mode = 'argo-subset' | 'argo-host';
type Obj = Record<string, unknown>;

type Rollout = {
  metadata: { resourceVersion?: string; labels?: Record<string, string> };
  spec: { paused?: boolean; strategy: { canary: { steps?: Obj[] } } };
  status?: {
    phase?: string;
    message?: string;
    currentStepIndex?: number;
    currentPodHash?: string;
    stableRS?: string;
    abort?: boolean;
    pauseConditions?: { reason: string; startTime: string }[] | null;
    availableReplicas?: number;
    canary?: {
      weights?: { canary: { weight: number }; stable: { weight: number } };
      currentBackgroundAnalysisRunStatus?: { name: string; status: string; message?: string };
    };
  };
};
type VirtualService = {
  metadata: {
    resourceVersion?: string;
    managedFields?: { manager?: string; time?: string; fieldsV1?: unknown }[];
  };
  spec: {
    http: { name?: string; route: { destination: { host: string; subset?: string }; weight?: number }[] }[];
  };
};
type AnalysisRun = {
  metadata: { name: string; creationTimestamp?: string };
  status?: {
    phase?: string;
    message?: string;
    metricResults?: {
      name: string;
      phase: string;
      failed?: number;
      measurements?: { phase: string; value?: string }[];
    }[];
  };
};

type Scenario = {
  key: Key;
  ns: string;
  mode: Mode;
  steps: Obj[];
  /** Background analysis on the canary's success rate (AnalysisTemplate success-rate). */
  analysis: boolean;
  /** The canary version's 5xx share in the traffic. */
  canaryErrorShare: number;
  instanceId?: string;
  traffic: TrafficFollower;
  /** What the controller did, as observed (phase, step, weights, pause, abort), for the report. */
  seen: string[];
};

let admin: KubeConfig;
let ctx: CommandContext;
let node: KwokNode;
let argo: ArgoRolloutsController;
let driftArgo: ArgoRolloutsController | undefined;
let logDir: string;
const started = Date.now();

const scenario = (key: Key, s: Omit<Scenario, 'key' | 'ns' | 'traffic' | 'seen'>): Scenario => {
  const sc = {
    key,
    ns: `ar-${key}-${run}`,
    traffic: undefined as unknown as TrafficFollower,
    seen: [],
    ...s,
  };
  sc.traffic = new TrafficFollower(sc);
  return sc;
};

// Built in beforeAll (TrafficFollower is declared below).
let scenarios: Record<Key, Scenario>;
const makeScenarios = (): Record<Key, Scenario> => ({
  // Subset mode, a passing background analysis: an indefinite pause (promoted by hand), a timed one, then full promotion.
  promote: scenario('promote', {
    mode: 'argo-subset',
    steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: '60s' } }],
    analysis: true,
    canaryErrorShare: 0.001,
  }),
  // Subset mode, the canary answers 30 % 5xx: the background analysis fails and Argo aborts.
  abort: scenario('abort', {
    mode: 'argo-subset',
    steps: [{ setWeight: 20 }, { pause: { duration: '3m' } }, { setWeight: 50 }, { pause: {} }],
    analysis: true,
    canaryErrorShare: 0.3,
  }),
  // Host mode (canary/stable Services), its own controller instance so it can be stopped: a GitOps
  // tool rewrites the VirtualService's weights.
  drift: scenario('drift', {
    mode: 'argo-host',
    steps: [{ setWeight: 20 }, { pause: {} }],
    analysis: false,
    canaryErrorShare: 0.001,
    instanceId: DRIFT_INSTANCE,
  }),
});

// ---------- objects ----------

const service = (namespace: string, name: string): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec: { selector: { app: APP }, ports: [{ name: 'http', port: 9080, targetPort: 9080 }] },
});

/** The VirtualService as its author (and a GitOps tool) writes it: everything on stable. */
function virtualService(s: Scenario): Obj {
  const [stable, canary] =
    s.mode === 'argo-subset'
      ? [
          { host: APP, subset: 'stable' },
          { host: APP, subset: 'canary' },
        ]
      : [{ host: `${APP}-stable` }, { host: `${APP}-canary` }];
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: APP, namespace: s.ns },
    spec: {
      hosts: [APP],
      http: [
        {
          name: 'primary',
          route: [
            { destination: stable, weight: 100 },
            { destination: canary, weight: 0 },
          ],
        },
      ],
    },
  };
}

function baseObjects(s: Scenario): Obj[] {
  const objects: Obj[] = [service(s.ns, APP)];
  if (s.mode === 'argo-host') objects.push(service(s.ns, `${APP}-stable`), service(s.ns, `${APP}-canary`));
  else
    objects.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: APP, namespace: s.ns },
      // Argo adds rollouts-pod-template-hash to each subset's labels.
      spec: {
        host: APP,
        subsets: [
          { name: 'stable', labels: { app: APP } },
          { name: 'canary', labels: { app: APP } },
        ],
      },
    });
  objects.push(virtualService(s));
  if (s.analysis)
    objects.push({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: { name: 'success-rate', namespace: s.ns },
      spec: {
        args: [{ name: 'namespace' }, { name: 'version' }],
        metrics: [
          {
            name: 'success-rate',
            interval: '5s',
            // Long enough for the abort scenario to show meshdoc's verdict before Argo's first measurement.
            initialDelay: '30s',
            failureLimit: 1,
            // No canary request yet (empty vector or 0/0) is not a failure.
            successCondition: 'len(result) == 0 || isNaN(result[0]) || result[0] >= 0.95',
            provider: {
              prometheus: {
                address: prometheusUrl,
                query: [
                  'sum(rate(istio_requests_total{reporter="destination",destination_service_namespace="{{args.namespace}}",destination_version="{{args.version}}",response_code!~"5.."}[10s]))',
                  '/',
                  'sum(rate(istio_requests_total{reporter="destination",destination_service_namespace="{{args.namespace}}",destination_version="{{args.version}}"}[10s]))',
                ].join('\n'),
              },
            },
          },
        ],
      },
    });
  return objects;
}

function rollout(s: Scenario, version: 'v1' | 'v2'): Obj {
  const istio =
    s.mode === 'argo-subset'
      ? {
          virtualService: { name: APP, routes: ['primary'] },
          destinationRule: { name: APP, canarySubsetName: 'canary', stableSubsetName: 'stable' },
        }
      : { virtualService: { name: APP, routes: ['primary'] } };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: APP,
      namespace: s.ns,
      ...(s.instanceId
        ? { labels: { 'argo-rollouts.argoproj.io/controller-instance-id': s.instanceId } }
        : {}),
    },
    spec: {
      replicas: 2,
      revisionHistoryLimit: 2,
      selector: { matchLabels: { app: APP } },
      template: {
        metadata: { labels: { app: APP, version } },
        spec: {
          nodeName: NODE,
          containers: [
            {
              name: APP,
              image: `docker.io/istio/examples-bookinfo-reviews-${version}:1.20.2`,
              ports: [{ containerPort: 9080 }],
            },
            { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.28.2' },
          ],
        },
      },
      strategy: {
        canary: {
          ...(s.mode === 'argo-host'
            ? { canaryService: `${APP}-canary`, stableService: `${APP}-stable` }
            : {}),
          trafficRouting: { istio },
          ...(s.analysis
            ? {
                analysis: {
                  templates: [{ templateName: 'success-rate' }],
                  args: [
                    { name: 'namespace', value: s.ns },
                    { name: 'version', value: version },
                  ],
                },
              }
            : {}),
          steps: s.steps,
        },
      },
    },
  };
}

async function apply(objects: Obj[]): Promise<void> {
  await applyManifests(admin, objects.map((o) => JSON.stringify(o)).join('\n---\n'));
}

// ---------- reading the controller's objects ----------

const custom = () => admin.makeApiClient(CustomObjectsApi);

async function getRollout(s: Scenario): Promise<Rollout> {
  return (await custom().getNamespacedCustomObject({
    group: 'argoproj.io',
    version: 'v1alpha1',
    namespace: s.ns,
    plural: 'rollouts',
    name: APP,
  })) as Rollout;
}

async function getVs(s: Scenario): Promise<VirtualService> {
  return (await custom().getNamespacedCustomObject({
    group: 'networking.istio.io',
    version: 'v1',
    namespace: s.ns,
    plural: 'virtualservices',
    name: APP,
  })) as VirtualService;
}

async function analysisRuns(s: Scenario): Promise<AnalysisRun[]> {
  const list = (await custom().listNamespacedCustomObject({
    group: 'argoproj.io',
    version: 'v1alpha1',
    namespace: s.ns,
    plural: 'analysisruns',
  })) as { items: AnalysisRun[] };
  return list.items.sort((a, b) =>
    (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''),
  );
}

/** The VirtualService's weights on its `primary` route: stable and canary. */
function vsWeights(s: Scenario, vs: VirtualService): { stable: number; canary: number } {
  const route = vs.spec.http.find((r) => r.name === 'primary')?.route ?? [];
  const isCanary = (d: { host: string; subset?: string }) =>
    s.mode === 'argo-subset' ? d.subset === 'canary' : d.host === `${APP}-canary`;
  const w = (canary: boolean) =>
    route.filter((d) => isCanary(d.destination) === canary).reduce((sum, d) => sum + (d.weight ?? 0), 0);
  return { stable: w(false), canary: w(true) };
}

const pauseReasons = (r: Rollout) => (r.status?.pauseConditions ?? []).map((p) => p.reason);
const fullyPromoted = (r: Rollout) =>
  !!r.status?.currentPodHash && r.status.currentPodHash === r.status.stableRS;
const argoWeights = (r: Rollout) => r.status?.canary?.weights;

/** The last writer of the VirtualService's spec.http, from managedFields (newest entry touching it). */
function lastHttpWriter(vs: VirtualService): string | undefined {
  const touches = (f: unknown) => {
    const spec = (f as Record<string, Record<string, unknown>> | undefined)?.['f:spec'];
    return !!spec && 'f:http' in spec;
  };
  return [...(vs.metadata.managedFields ?? [])]
    .filter((e) => touches(e.fieldsV1))
    .sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''))
    .pop()?.manager;
}

/** One line of what the controller shows now, for the observed sequence. */
function stateLine(s: Scenario, r: Rollout, vs: VirtualService | undefined): string {
  const st = r.status;
  const w = argoWeights(r);
  const steps = r.spec.strategy.canary.steps?.length ?? 0;
  const v = vs ? vsWeights(s, vs) : undefined;
  return [
    `phase=${st?.phase ?? '-'}`,
    `step=${st?.currentStepIndex ?? '-'}/${steps}`,
    `weights=${w ? `${w.stable.weight}/${w.canary.weight}` : '-'}`,
    `vs=${v ? `${v.stable}/${v.canary}` : '-'}`,
    `pause=${pauseReasons(r).join(',') || '-'}`,
    `spec.paused=${r.spec.paused ?? false}`,
    `abort=${st?.abort ?? false}`,
    `promoted=${fullyPromoted(r)}`,
    `analysis=${st?.canary?.currentBackgroundAnalysisRunStatus?.status ?? '-'}`,
    `available=${st?.availableReplicas ?? 0}`,
  ].join(' ');
}

// ---------- traffic that follows the live routing ----------

/**
 * Registers the scenario's traffic with the stand-in as the live routing sends it: each
 * destination's weight goes to the version its rollouts-pod-template-hash (DestinationRule subset
 * or Service selector) names. Polls every 750 ms; records when the split last changed.
 */
class TrafficFollower {
  lastChange = 0;
  #current = '';
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #lastState = '';
  #syncing: Promise<void> | undefined;
  readonly s: Scenario;
  constructor(s: Scenario) {
    this.s = s;
  }

  start(): void {
    const tick = async () => {
      if (this.#stopped) return;
      try {
        await this.sync();
      } catch (error) {
        this.s.seen.push(`${elapsed()} traffic sync failed: ${(error as Error).message}`);
      }
      if (!this.#stopped) this.#timer = setTimeout(tick, 750);
    };
    void tick();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /**
   * One sync at a time, and every call gets a sync that reads the routing after it was made. A
   * call never joins one already in flight: that one may have read the VirtualService before the
   * step the test just saw, found "no change" and left `lastChange` at the step before, so that
   * `clean()` would not wait at all and meshdoc's window would hold the old split: what a CI run
   * reported once (the canary at 0 of 1,200 requests right after Argo restored 80/20).
   */
  sync(): Promise<void> {
    const next = (this.#syncing ?? Promise.resolve()).catch(() => undefined).then(() => this.#sync());
    this.#syncing = next;
    return next;
  }

  async #sync(): Promise<void> {
    const s = this.s;
    const [vs, rsList] = await Promise.all([
      getVs(s).catch(() => undefined),
      admin
        .makeApiClient(AppsV1Api)
        .listNamespacedReplicaSet({ namespace: s.ns, labelSelector: `app=${APP}` }),
    ]);
    const r = await getRollout(s).catch(() => undefined);
    if (r) {
      const line = stateLine(s, r, vs);
      if (line !== this.#lastState) s.seen.push(`${elapsed()} ${line}`);
      this.#lastState = line;
    }
    const versionOfHash = (hash: string | undefined) =>
      hash
        ? rsList.items.find((rs) => rs.metadata?.labels?.['rollouts-pod-template-hash'] === hash)?.spec
            ?.template?.metadata?.labels?.version
        : undefined;
    const hashOf = async (d: { host: string; subset?: string }): Promise<string | undefined> => {
      if (s.mode === 'argo-subset') {
        const dr = (await custom().getNamespacedCustomObject({
          group: 'networking.istio.io',
          version: 'v1',
          namespace: s.ns,
          plural: 'destinationrules',
          name: APP,
        })) as { spec: { subsets: { name: string; labels?: Record<string, string> }[] } };
        return dr.spec.subsets.find((x) => x.name === d.subset)?.labels?.['rollouts-pod-template-hash'];
      }
      const svc = await admin
        .makeApiClient(CoreV1Api)
        .readNamespacedService({ name: d.host, namespace: s.ns });
      return svc.spec?.selector?.['rollouts-pod-template-hash'];
    };
    const route = vs?.spec.http.find((x) => x.name === 'primary')?.route ?? [];
    const sum = route.reduce((t, d) => t + (d.weight ?? 0), 0);
    const share = new Map<string, { weight: number; service: string }>();
    // How each destination was mapped, for the report when a step goes wrong.
    const mapped: string[] = [];
    for (const d of route) {
      const weight = d.weight ?? 0;
      const hash = await hashOf(d.destination);
      // Before Argo labels the subsets and Services, they select every pod: v1's alone.
      const version = versionOfHash(hash) ?? 'v1';
      mapped.push(`${d.destination.subset ?? d.destination.host}→${hash ?? '-'}→${version} ${weight}`);
      const prev = share.get(version);
      const service = s.mode === 'argo-host' ? d.destination.host : APP;
      share.set(version, {
        weight: (prev?.weight ?? 0) + weight,
        service: prev && prev.weight >= weight ? prev.service : service,
      });
    }
    const versions = (['v1', 'v2'] as const).map((version) => {
      const w = share.get(version);
      return {
        version,
        workload: APP,
        ...(s.mode === 'argo-host'
          ? { service: w?.service ?? `${APP}-${version === 'v1' ? 'stable' : 'canary'}` }
          : {}),
        rps: sum > 0 && w ? Math.round(((TOTAL_RPS * w.weight) / sum) * 100) / 100 : 0,
        errorShare: version === 'v2' ? s.canaryErrorShare : 0.001,
        errorCode: 500,
        latencyMs: { p50: 20, p99: 80 },
      };
    });
    const key = JSON.stringify(versions);
    if (key === this.#current) return;
    const input: ScenarioInput = { namespace: s.ns, service: APP, callers: defaultCallers(s.ns), versions };
    await putScenario(meshTrafficUrl, `argo-${s.key}-${run}`, input);
    this.#current = key;
    this.lastChange = Date.now();
    s.seen.push(
      `${elapsed()} traffic ${versions.map((v) => `${v.version}=${v.rps}rps`).join(' ')} (${mapped.join(', ')})`,
    );
  }

  /**
   * Waits until meshdoc's window holds only the current split: if the routing moved again while
   * waiting (a Service selector or the VirtualService rewritten after the step was reached), the
   * wait starts over from that change.
   */
  async clean(): Promise<void> {
    for (;;) {
      await this.sync();
      const wait = this.lastChange + CLEAN_WINDOW_MS - Date.now();
      if (wait <= 0) return;
      await sleep(wait);
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const elapsed = () => `+${((Date.now() - started) / 1000).toFixed(1)}s`;

// ---------- waiting, with the controller's view on failure ----------

async function diagnostics(s: Scenario): Promise<string> {
  const r = await getRollout(s).catch((e: Error) => e.message);
  const vs = await getVs(s).catch(() => undefined);
  const runs = await analysisRuns(s).catch(() => []);
  const controller = s.instanceId ? driftArgo : argo;
  return [
    `Rollout ${s.ns}/${APP} status: ${JSON.stringify(typeof r === 'string' ? r : r.status, null, 1)}`,
    `VirtualService http: ${JSON.stringify(vs?.spec.http)}`,
    `AnalysisRuns: ${JSON.stringify(runs.map((a) => ({ name: a.metadata.name, phase: a.status?.phase, message: a.status?.message, metrics: a.status?.metricResults?.map((m) => ({ name: m.name, phase: m.phase, failed: m.failed, last: m.measurements?.slice(-3) })) })))}`,
    `Observed sequence:\n${s.seen.join('\n')}`,
    `Controller log (${controller?.logFile}) tail:\n${(await controller?.logTail(40)) ?? '(controller not running)'}`,
  ].join('\n');
}

/** Polls until `probe` returns a value; on timeout fails with the Rollout's status and the controller's log. */
async function until<T>(
  s: Scenario,
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = STEP_TIMEOUT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = (error as Error).message;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${s.key}: timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}\n${await diagnostics(s)}`,
      );
    await sleep(500);
  }
}

// ---------- meshdoc ----------

type VersionJson = {
  name: string;
  subset: string | null;
  version: string | null;
  pods: number;
  vsWeight: number | null;
  controllerWeight: number | null;
  metricKey: { label: string; value: string } | null;
  health: { requests: number; errorShare: number | null } | null;
};
type Json = {
  verdict: string;
  headline: string;
  mode: string | null;
  phase: string;
  why: { code: string; cause: string; message: string }[];
  findings: { code: string; severity: string; message: string; facts?: { label: string; value: string }[] }[];
  stable: VersionJson | null;
  canary: VersionJson | null;
};

async function canaryStatus(namespace: string): Promise<Json> {
  return (await canaryStatusCall<Json>(ctx, APP, namespace)).json;
}

type Snapshot = { json: Json; rollout: Rollout; vs: VirtualService; at: number };

/**
 * meshdoc's answer together with the Rollout and VirtualService it should agree with: both read
 * before and after meshdoc runs, retried until neither changed meanwhile.
 */
async function snapshot(s: Scenario): Promise<Snapshot> {
  for (let i = 0; i < 6; i++) {
    const [r0, v0] = await Promise.all([getRollout(s), getVs(s)]);
    const at = Date.now();
    const json = await canaryStatus(s.ns);
    const [r1, v1] = await Promise.all([getRollout(s), getVs(s)]);
    if (
      r0.metadata.resourceVersion === r1.metadata.resourceVersion &&
      v0.metadata.resourceVersion === v1.metadata.resourceVersion
    ) {
      s.seen.push(`${elapsed()} meshdoc: ${json.verdict} [${json.phase}] — ${json.headline}`);
      return { json, rollout: r1, vs: v1, at };
    }
  }
  throw new Error(
    `${s.key}: the Rollout or VirtualService kept changing while meshdoc ran\n${await diagnostics(s)}`,
  );
}

/** meshdoc's answer now, checked against the controller and the VirtualService (expectAgrees). */
async function agreed(expect: ExpectStatic, s: Scenario): Promise<Snapshot> {
  const snap = await snapshot(s);
  expectAgrees(expect, s, snap);
  return snap;
}

/** The same, once meshdoc's window holds only the current split. */
async function settled(expect: ExpectStatic, s: Scenario): Promise<Snapshot> {
  await s.traffic.clean();
  return agreed(expect, s);
}

/** meshdoc's mode, phase and weights are the controller's and the live VirtualService's. */
function expectAgrees(expect: ExpectStatic, s: Scenario, snap: Snapshot): void {
  const { json, rollout: r, vs } = snap;
  const context = `${s.key}: ${json.verdict} — ${json.headline}\nRollout: ${stateLine(s, r, vs)}`;
  expect(json.mode, context).toBe(s.mode);
  const st = r.status;
  const steps = r.spec.strategy.canary.steps?.length ?? 0;
  const step = st?.currentStepIndex;
  expect(json.phase, context).toBe(
    `${st?.phase}${step !== undefined ? ` · step ${Math.min(step + 1, steps)}/${steps}` : ''}`,
  );
  const v = vsWeights(s, vs);
  expect(json.canary?.vsWeight, context).toBe(v.canary);
  expect(json.stable?.vsWeight, context).toBe(v.stable);
  // The controller's weight: Argo's status.canary.weights, none once fully promoted.
  const w = argoWeights(r);
  expect(json.canary?.controllerWeight ?? null, context).toBe(
    fullyPromoted(r) ? null : (w?.canary.weight ?? null),
  );
  expect(json.stable?.controllerWeight ?? null, context).toBe(
    fullyPromoted(r) ? null : (w?.stable.weight ?? null),
  );
}

const whyCodes = (j: Json) => j.why.map((w) => w.code);
const finding = (j: Json, code: string) => j.findings.find((f) => f.code === code);

// ---------- steps shared by the scenarios ----------

async function setUp(s: Scenario): Promise<void> {
  await clusterObjects(admin).ensureNamespace(s.ns, {});
  await apply(baseObjects(s));
  await apply([rollout(s, 'v1')]);
  s.traffic.start();
}

/** v1 is the stable revision: Healthy, fully promoted, both replicas available. */
async function healthyAt(s: Scenario, version: 'v1' | 'v2'): Promise<Rollout> {
  return until(s, `Rollout Healthy at ${version}`, async () => {
    const r = await getRollout(s);
    const rs = await admin.makeApiClient(AppsV1Api).listNamespacedReplicaSet({
      namespace: s.ns,
      labelSelector: `rollouts-pod-template-hash=${r.status?.stableRS}`,
    });
    const stableVersion = rs.items[0]?.spec?.template?.metadata?.labels?.version;
    return r.status?.phase === 'Healthy' &&
      fullyPromoted(r) &&
      r.status.availableReplicas === 2 &&
      stableVersion === version
      ? r
      : undefined;
  });
}

/** Paused by a pause step at `index`, with the VirtualService at `weight`. */
async function pausedAt(s: Scenario, index: number, weight: number): Promise<Rollout> {
  return until(s, `pause step ${index + 1} at canary weight ${weight}`, async () => {
    const r = await getRollout(s);
    const vs = await getVs(s);
    return r.status?.currentStepIndex === index &&
      pauseReasons(r).includes('CanaryPauseStep') &&
      argoWeights(r)?.canary.weight === weight &&
      vsWeights(s, vs).canary === weight
      ? r
      : undefined;
  });
}

/** What `kubectl argo rollouts promote` does (pkg/kubectl-argo-rollouts/cmd/promote, no flags). */
async function promote(s: Scenario): Promise<void> {
  const r = await getRollout(s);
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const target = {
    group: 'argoproj.io',
    version: 'v1alpha1',
    namespace: s.ns,
    plural: 'rollouts',
    name: APP,
  };
  if ((r.status?.pauseConditions ?? []).length > 0)
    await custom().patchNamespacedCustomObjectStatus(
      { ...target, body: { status: { pauseConditions: null } } },
      merge,
    );
  if (r.spec.paused)
    await custom().patchNamespacedCustomObject({ ...target, body: { spec: { paused: false } } }, merge);
}

/** The initial revision: Argo promotes it at once; meshdoc says complete and owns no controller weight. */
async function initialRevision(expect: ExpectStatic, s: Scenario): Promise<void> {
  await healthyAt(s, 'v1');
  const snap = await settled(expect, s);
  expect(snap.json.verdict, snap.json.headline).toBe('complete');
  expect(snap.json.canary?.vsWeight).toBe(0);
}

function report(s: Scenario): void {
  process.stderr.write(`[argo-rollouts] ${s.key} (${s.mode}) observed:\n  ${s.seen.join('\n  ')}\n`);
}

// ---------- setup ----------

beforeAll(async () => {
  admin = new KubeConfig();
  admin.loadFromFile(inject('kubeconfig'));
  const reader = new LiveKubeReader({ kubeConfig: await meshdocKubeConfig(admin), timeoutMs: 10_000 });
  ctx = { defaultNamespace: 'default', now: () => new Date(), reader: async () => reader, prometheusUrl };
  logDir = mkdtempSync(join(tmpdir(), 'meshdoc-argo-'));
  scenarios = makeScenarios();
  const binDir = inject('binDir');
  const kubeconfig = inject('kubeconfig');
  [node, argo, driftArgo] = await Promise.all([
    startKwokNode({
      binDir,
      kubeconfig,
      admin,
      certFile: inject('servingCrt'),
      keyFile: inject('servingKey'),
      name: NODE,
      portForwards: [],
    }),
    startArgoRollouts({ binDir, kubeconfig, logDir }),
    startArgoRollouts({ binDir, kubeconfig, logDir, instanceId: DRIFT_INSTANCE }),
  ]);
  await Promise.all(Object.values(scenarios).map(setUp));
  process.stderr.write(
    `[argo-rollouts] controllers and objects up in ${Date.now() - started} ms (logs: ${logDir})\n`,
  );
}, 120_000);

afterAll(async () => {
  const all = Object.values(scenarios ?? {});
  for (const s of all) s.traffic.stop();
  await Promise.all([argo?.stop(), driftArgo?.stop()]);
  await node?.stop();
  await Promise.all(all.map((s) => deleteScenario(meshTrafficUrl, `argo-${s.key}-${run}`)));
  process.stderr.write(`[argo-rollouts] file took ${Date.now() - started} ms\n`);
});

// ---------- the scenarios ----------

describe('canary status follows the real Argo Rollouts controller (v1.8.3) step by step', () => {
  it.concurrent('subset mode with a passing background analysis: paused indefinitely at 20 %, promoted, paused 60 s at 50 % with the time left, fully promoted', async ({
    expect,
  }) => {
    const s = scenarios.promote;
    try {
      await initialRevision(expect, s);
      await apply([rollout(s, 'v2')]);

      // Step 2/4: pause {} after setWeight 20.
      await pausedAt(s, 1, 20);
      let snap = await settled(expect, s);
      expect(snap.json.verdict, snap.json.headline).toBe('paused');
      expect(whyCodes(snap.json)).toContain('MESH0453');
      expect(snap.json.headline).toMatch(/paused \(CanaryPauseStep\) on step 2\/4: pause indefinite/);
      expect(snap.json.canary).toMatchObject({ subset: 'canary', version: 'v2', pods: 1 });
      expect(snap.json.stable).toMatchObject({ subset: 'stable', version: 'v1', pods: 2 });
      expect(snap.json.canary?.name).toBe(`canary (${snap.rollout.status?.currentPodHash})`);
      expect(snap.rollout.status?.canary?.currentBackgroundAnalysisRunStatus?.status).toBe('Running');

      // Promote, as `kubectl argo rollouts promote` does: setWeight 50, then a 60 s pause.
      await promote(s);
      const paused = await pausedAt(s, 3, 50);
      const pauseStart = Date.parse(paused.status?.pauseConditions?.[0]?.startTime ?? '');
      snap = await settled(expect, s);
      expect(snap.json.verdict, snap.json.headline).toBe('paused');
      expect(whyCodes(snap.json)).toContain('MESH0453');
      const left = /on step 4\/4: pause 1m, (\d+)s left/.exec(snap.json.headline);
      expect(left, snap.json.headline).not.toBeNull();
      // Argo resumes at pauseConditions[0].startTime + 60 s (status times are whole seconds).
      const argoLeft = 60 - (snap.at - pauseStart) / 1000;
      expect(Math.abs(Number(left?.[1]) - argoLeft)).toBeLessThanOrEqual(3);

      // The pause runs out: Argo promotes the canary to stable and resets the weights.
      const done = await healthyAt(s, 'v2');
      expect(vsWeights(s, await getVs(s))).toEqual({ stable: 100, canary: 0 });
      expect(done.status?.currentStepIndex).toBe(4);
      snap = await settled(expect, s);
      expect(snap.json.verdict, snap.json.headline).toBe('complete');
      expect(snap.json.stable).toMatchObject({ version: 'v2' });
      const runs = await analysisRuns(s);
      expect(runs.map((a) => a.status?.phase)).toEqual(['Successful']);
    } finally {
      report(s);
    }
  }, 300_000);

  it.concurrent('subset mode, the canary answering 30 % 5xx: the background analysis fails, Argo aborts, meshdoc says rolled-back with the failing measurement', async ({
    expect,
  }) => {
    const s = scenarios.abort;
    try {
      await initialRevision(expect, s);
      await apply([rollout(s, 'v2')]);

      // Paused on step 2/4 at 20 %, the analysis not measuring yet (initialDelay 30 s): meshdoc
      // already sees the canary's 5xx share over its limit (10 %) while Argo still waits.
      await pausedAt(s, 1, 20);
      await s.traffic.sync();
      await sleep(Math.max(0, s.traffic.lastChange + 15_000 - Date.now()));
      let snap = await agreed(expect, s);
      expect(snap.rollout.status?.abort ?? false).toBe(false);
      expect(snap.rollout.status?.canary?.currentBackgroundAnalysisRunStatus?.status).toBe('Running');
      expect(snap.json.verdict, snap.json.headline).toBe('failing');
      expect(whyCodes(snap.json)).toContain('MESH0441');
      expect(snap.json.canary?.health?.errorShare).toBeGreaterThan(0.2);

      const aborted = await until(s, 'the Rollout aborted by its analysis', async () => {
        const r = await getRollout(s);
        return r.status?.abort === true && r.status.phase === 'Degraded' ? r : undefined;
      });
      const [failedRun] = (await analysisRuns(s)).filter((a) => a.status?.phase === 'Failed');
      expect(failedRun, await diagnostics(s)).toBeDefined();
      const metric = failedRun?.status?.metricResults?.find((m) => m.name === 'success-rate');
      expect(metric?.phase).toBe('Failed');
      expect(aborted.status?.message).toMatch(/success-rate/);
      // Argo puts the traffic back on stable at once.
      await until(s, 'the VirtualService back at 100/0', async () =>
        vsWeights(s, await getVs(s)).canary === 0 ? true : undefined,
      );

      snap = await agreed(expect, s);
      expect(snap.json.verdict, snap.json.headline).toBe('rolled-back');
      expect(whyCodes(snap.json)[0]).toBe('MESH0456');
      const why = snap.json.why[0]?.message ?? '';
      expect(why).toContain('metric success-rate failed');
      expect(why).toContain(`aborted (${aborted.status?.message})`);
      expect(why).not.toContain('RolloutAborted: RolloutAborted');
      // The value Argo measured last, as the AnalysisRun stores it.
      const lastValue = metric?.measurements?.at(-1)?.value ?? '';
      expect(lastValue).toMatch(/^\[0\.[0-9]+\]$/);
      expect(why).toContain(lastValue);
      expect(snap.json.canary?.controllerWeight).toBe(0);

      // abortScaleDownDelaySeconds (30 s by default) later the canary ReplicaSet is scaled to 0.
      const hash = snap.rollout.status?.currentPodHash;
      await until(s, 'the aborted canary ReplicaSet scaled down', async () => {
        const rs = await admin
          .makeApiClient(AppsV1Api)
          .listNamespacedReplicaSet({ namespace: s.ns, labelSelector: `rollouts-pod-template-hash=${hash}` });
        return rs.items[0]?.status?.replicas === 0 ? true : undefined;
      });
      await until(s, 'the canary pods gone', async () => {
        const pods = await admin
          .makeApiClient(CoreV1Api)
          .listNamespacedPod({ namespace: s.ns, labelSelector: `rollouts-pod-template-hash=${hash}` });
        return pods.items.length === 0 ? true : undefined;
      });
      snap = await agreed(expect, s);
      expect(snap.json.verdict, snap.json.headline).toBe('rolled-back');
      expect(whyCodes(snap.json)[0]).toBe('MESH0456');
      expect(snap.json.canary?.pods).toBe(0);
    } finally {
      report(s);
    }
  }, 300_000);

  it.concurrent('host mode: a GitOps tool rewrites the weights; Argo reverts them while it runs; while it is down meshdoc flags the drift and names the writer', async ({
    expect,
  }) => {
    const s = scenarios.drift;
    try {
      await initialRevision(expect, s);
      await apply([rollout(s, 'v2')]);

      await pausedAt(s, 1, 20);
      let snap = await settled(expect, s);
      expect(snap.json.verdict, snap.json.headline).toBe('paused');
      expect(snap.json.canary).toMatchObject({ name: `${APP}-canary`, version: 'v2', pods: 1 });
      expect(snap.json.stable).toMatchObject({ name: `${APP}-stable`, version: 'v1', pods: 2 });
      expect(finding(snap.json, 'MESH0413')?.severity).toBe('pass');

      // The GitOps tool re-applies the VirtualService from git (100/0) while Argo runs: Argo
      // reverts it as soon as its informer sees the change.
      const gitops = () =>
        KubernetesObjectApi.makeApiClient(admin).patch(
          virtualService(s) as KubernetesObject,
          undefined,
          undefined,
          'argocd-controller',
          true,
          PatchStrategy.ServerSideApply,
        );
      const wrote = Date.now();
      await gitops();
      await until(
        s,
        'Argo to revert the VirtualService to 80/20',
        async () => {
          const vs = await getVs(s);
          return vsWeights(s, vs).canary === 20 && lastHttpWriter(vs) !== 'argocd-controller'
            ? vs
            : undefined;
        },
        20_000,
      );
      s.seen.push(`${elapsed()} Argo reverted the GitOps write in ${Date.now() - wrote} ms`);
      snap = await agreed(expect, s);
      expect(finding(snap.json, 'MESH0413')?.severity).toBe('pass');

      // The controller is down (an upgrade, a crash loop) when the GitOps tool syncs: nothing
      // reverts it. Argo's status still says 20, the VirtualService 0.
      await driftArgo?.stop();
      driftArgo = undefined;
      const drifted = Date.now();
      await gitops();
      await sleep(2000);
      snap = await agreed(expect, s);
      expect(vsWeights(s, snap.vs)).toEqual({ stable: 100, canary: 0 });
      expect(lastHttpWriter(snap.vs)).toBe('argocd-controller');
      expect(argoWeights(snap.rollout)?.canary.weight).toBe(20);
      expect(snap.json.verdict, snap.json.headline).toBe('at-risk');
      expect(whyCodes(snap.json)).toContain('MESH0413');
      const drift = finding(snap.json, 'MESH0413');
      expect(drift?.severity).toBe('warning');
      expect(drift?.message).toMatch(
        /says the canary gets 20%, but VirtualService reviews gives it weight 0/,
      );
      expect(drift?.message).toContain('spec.http was last written by argocd-controller');
      expect(drift?.message).not.toContain('(the controller itself)');
      expect(drift?.message).toMatch(/within one interval/);

      // Apart for longer than one interval (meshdoc assumes 60 s for Argo, which has none): an error.
      await sleep(Math.max(0, drifted + 63_000 - Date.now()));
      snap = await agreed(expect, s);
      expect(vsWeights(s, snap.vs)).toEqual({ stable: 100, canary: 0 });
      expect(snap.json.verdict, snap.json.headline).toBe('misconfigured');
      expect(whyCodes(snap.json)).toContain('MESH0413');
      const lasting = finding(snap.json, 'MESH0413');
      expect(lasting?.severity).toBe('error');
      expect(lasting?.message).toMatch(/Apart for at least \d+s, more than one interval/);
      expect(lasting?.message).toContain('spec.http was last written by argocd-controller');

      // The controller comes back: it puts its weight back, and meshdoc agrees again.
      driftArgo = await startArgoRollouts({
        binDir: inject('binDir'),
        kubeconfig: inject('kubeconfig'),
        logDir,
        instanceId: DRIFT_INSTANCE,
        logName: `rollouts-controller-${DRIFT_INSTANCE}-restarted.log`,
      });
      await pausedAt(s, 1, 20);
      snap = await settled(expect, s);
      expect(snap.json.verdict, snap.json.headline).toBe('paused');
      expect(finding(snap.json, 'MESH0413')?.severity).toBe('pass');
      expect(lastHttpWriter(snap.vs)).not.toBe('argocd-controller');
    } finally {
      report(s);
    }
  }, 300_000);
});
