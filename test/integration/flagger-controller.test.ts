import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CommandContext } from '../../src/core/command.ts';
import { LiveKubeReader } from '../../src/gatherers/kube/live-kube-reader.ts';
import type { ScenarioInput } from '../../tools/mesh-traffic/scenario.ts';
import { defaultCallers } from '../../tools/mesh-traffic/scenarios.ts';
import { meshdocKubeConfig } from '../helpers/meshdoc-kube-config.ts';
import { applyManifests } from './harness/apply-manifests.ts';
import { canaryStatusCall } from './harness/canary-status-call.ts';
import { clusterObjects } from './harness/cluster-objects.ts';
import { type FlaggerController, startFlagger } from './harness/flagger-controller.ts';
import { kubeletPodStatus } from './harness/kubelet-pod-status.ts';
import { type KwokNode, startKwokNode } from './harness/kwok-node.ts';
import { deleteScenario, putScenario } from './harness/mesh-traffic.ts';

// `canary status` against the real Flagger (v1.36.1, scripts/build-cluster) driving real canaries
// end to end. Flagger runs out of cluster against the test API server with the Istio provider and
// the harness's Prometheus as its metrics server; Deployments' pods run on a kwok node (Ready as
// soon as they are bound), except the stalled canary's, whose "kubelet" is this test: it writes
// them crash-looping. The mesh-traffic stand-in plays Envoy: a follower reads the VirtualService
// Flagger writes and re-registers the app's traffic split by its weights (both reporters, Istio's
// labels: destination_workload `reviews-primary` / `reviews`, which Flagger's builtin queries
// select), with the canary's 5xx share of the scenario. At every state Flagger passes through
// (phase, canary weight, failed checks), meshdoc is asked and its headline, weights and phase are
// asserted against Flagger's own status and the VirtualService as read from the API server.
// Flagger watches every namespace: a Canary another test file left behind (canary-status's
// hand-written one) is reconciled too while this file runs, which touches nothing of this file's.

const prometheusUrl = inject('prometheusUrl');
const meshTrafficUrl = inject('meshTrafficUrl');
const run = `${process.pid}`;
const APP = 'reviews';
const INTERVAL_S = 10; // Flagger's floor for analysis.interval
const THRESHOLD = 2;
const DEADLINE_S = 60; // progressDeadlineSeconds
const RPS = 100;
const SCENARIO_MS = 200_000;

type Key = 'healthy' | 'failing' | 'stalled';
const ns = (k: Key) => `flagger-${k}-${run}`;

let admin: KubeConfig;
let ctx: CommandContext;
let node: KwokNode;
let flagger: FlaggerController;
let logDir: string;
const stops: (() => void)[] = [];

type Obj = Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------- the app and its Canary ----------

const image = (v: string) => `docker.io/istio/examples-bookinfo-reviews-${v}:1.20.2`;

function template(version: string, opts: { nodeName?: string } = {}): Obj {
  const labels = { app: APP, version };
  return {
    metadata: { labels },
    spec: {
      ...(opts.nodeName ? { nodeName: opts.nodeName } : {}),
      containers: [
        { name: APP, image: image(version), ports: [{ containerPort: 9080 }] },
        // The sidecar, as injection would have added it (no webhook needed for the test).
        { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.28.2' },
      ],
    },
  };
}

function deployment(namespace: string): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: APP, namespace, labels: { app: APP } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: APP } },
      template: template('v1', { nodeName: node.name }),
    },
  };
}

function canary(namespace: string): Obj {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: APP, namespace },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: APP },
      progressDeadlineSeconds: DEADLINE_S,
      service: { port: 9080 },
      analysis: {
        interval: `${INTERVAL_S}s`,
        threshold: THRESHOLD,
        maxWeight: 50,
        stepWeight: 25,
        metrics: [
          { name: 'request-success-rate', thresholdRange: { min: 99 }, interval: '30s' },
          { name: 'request-duration', thresholdRange: { max: 500 }, interval: '30s' },
        ],
      },
    },
  };
}

async function apply(objects: Obj[]): Promise<void> {
  await applyManifests(admin, objects.map((o) => JSON.stringify(o)).join('\n---\n'));
}

// ---------- what Flagger says about itself ----------

type FlaggerStatus = {
  phase?: string;
  canaryWeight?: number;
  failedChecks?: number;
  iterations?: number;
  lastAppliedSpec?: string;
  lastPromotedSpec?: string;
  lastTransitionTime?: string;
};

async function readCanary(namespace: string): Promise<FlaggerStatus> {
  try {
    const c = (await admin.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({
      group: 'flagger.app',
      version: 'v1beta1',
      namespace,
      plural: 'canaries',
      name: APP,
    })) as { status?: FlaggerStatus };
    return c.status ?? {};
  } catch {
    return {};
  }
}

/** The weights of the VirtualService Flagger wrote: primary and canary host, or undefined before it exists. */
async function readVsWeights(namespace: string): Promise<{ primary: number; canary: number } | undefined> {
  try {
    const vs = (await admin.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({
      group: 'networking.istio.io',
      version: 'v1',
      namespace,
      plural: 'virtualservices',
      name: APP,
    })) as {
      spec?: { http?: { route?: { destination?: { host?: string }; weight?: number }[] }[] };
    };
    const route = vs.spec?.http?.find((r) => (r.route ?? []).length >= 2)?.route ?? [];
    const weightOf = (host: string) => route.find((d) => d.destination?.host === host)?.weight ?? 0;
    if (route.length === 0) return undefined;
    return { primary: weightOf(`${APP}-primary`), canary: weightOf(`${APP}-canary`) };
  } catch {
    return undefined;
  }
}

async function canaryEvents(namespace: string): Promise<string[]> {
  const list = await admin.makeApiClient(CoreV1Api).listNamespacedEvent({
    namespace,
    fieldSelector: `involvedObject.kind=Canary,involvedObject.name=${APP}`,
  });
  return list.items
    .sort(
      (a, b) =>
        Date.parse(String(a.lastTimestamp ?? a.eventTime ?? '')) -
        Date.parse(String(b.lastTimestamp ?? b.eventTime ?? '')),
    )
    .map((e) => `${e.type} ${e.message ?? ''}`);
}

async function diagnostics(namespace: string): Promise<string> {
  const status = await readCanary(namespace);
  const vs = await readVsWeights(namespace);
  const events = await canaryEvents(namespace).catch((e: Error) => [e.message]);
  return `Canary ${namespace}/${APP} status ${JSON.stringify(status)}; VirtualService weights ${JSON.stringify(vs)}\nevents:\n${events.join('\n')}\nflagger log (${flagger.logFile}):\n${await flagger.logTail(30)}`;
}

// ---------- traffic: the stand-in follows the weights Flagger writes, as Envoy would ----------

/**
 * Every 250 ms: the VirtualService's weights (all to the primary before it exists) and the pods'
 * version labels → the app's traffic, RPS in all, split by weight between `reviews-primary` (via
 * Service reviews-primary) and `reviews` (via reviews-canary), the canary answering 5xx at
 * `canaryErrorShare`. Re-registered only when something changed; counters carry on.
 */
function followTraffic(namespace: string, canaryErrorShare: number): () => void {
  const apps = admin.makeApiClient(AppsV1Api);
  let last = '';
  let stopped = false;
  const versionOf = async (name: string) => {
    try {
      const d = await apps.readNamespacedDeployment({ name, namespace });
      return d.spec?.template.metadata?.labels?.version ?? 'unknown';
    } catch {
      return 'unknown';
    }
  };
  const tick = async () => {
    const w = (await readVsWeights(namespace)) ?? { primary: 100, canary: 0 };
    const [pv, cv] = await Promise.all([versionOf(`${APP}-primary`), versionOf(APP)]);
    const sum = w.primary + w.canary || 100;
    const versions: ScenarioInput['versions'] = [];
    if (w.primary > 0 || w.canary === 0)
      versions.push({
        version: pv,
        workload: `${APP}-primary`,
        service: `${APP}-primary`,
        rps: (RPS * (w.canary === 0 ? sum : w.primary)) / sum,
        errorShare: 0.001,
        latencyMs: { p50: 20, p99: 80 },
      });
    if (w.canary > 0 && !(w.primary > 0 && cv === pv))
      versions.push({
        version: cv,
        workload: APP,
        service: `${APP}-canary`,
        rps: (RPS * w.canary) / sum,
        errorShare: canaryErrorShare,
        errorCode: 500,
        latencyMs: { p50: 20, p99: 80 },
      });
    const scenario: ScenarioInput = {
      namespace,
      service: APP,
      callers: defaultCallers(namespace),
      versions,
    };
    const text = JSON.stringify(scenario);
    if (text !== last) {
      await putScenario(meshTrafficUrl, namespace, scenario);
      last = text;
    }
  };
  const loop = async () => {
    while (!stopped) {
      await tick().catch(() => undefined);
      await sleep(250);
    }
  };
  void loop();
  const stop = () => {
    stopped = true;
  };
  stops.push(stop);
  return stop;
}

/**
 * The stalled canary's kubelet: its pods (app=reviews, bound to no node) are written as a kubelet
 * would write a crash-looping container: Running, not Ready, CrashLoopBackOff with restarts.
 */
function crashLoopCanaryPods(namespace: string): () => void {
  const core = admin.makeApiClient(CoreV1Api);
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      try {
        const pods = await core.listNamespacedPod({ namespace, labelSelector: `app=${APP}` });
        for (const pod of pods.items) {
          if (pod.spec?.nodeName || pod.status?.phase === 'Running' || pod.metadata?.deletionTimestamp)
            continue;
          await core.patchNamespacedPodStatus(
            {
              name: pod.metadata?.name ?? '',
              namespace,
              body: {
                status: kubeletPodStatus({
                  containers: pod.spec?.containers ?? [],
                  crashing: APP,
                  restarts: 4,
                  backOff: '1m20s',
                  scheduled: false,
                }),
              },
            },
            setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
          );
        }
      } catch {
        // the next round retries
      }
      await sleep(300);
    }
  };
  void loop();
  const stop = () => {
    stopped = true;
  };
  stops.push(stop);
  return stop;
}

// ---------- meshdoc ----------

type VersionJson = {
  name: string;
  vsWeight: number | null;
  effectiveWeight: number | null;
  controllerWeight: number | null;
  pods: number;
  health: { requests: number; errorShare: number | null } | null;
};
type FindingJson = {
  code: string;
  severity: string;
  message: string;
  facts: { label: string; value: string }[];
};
type Json = {
  verdict: string;
  headline: string;
  mode: string | null;
  phase: string;
  inProgress: boolean;
  why: { code: string; cause: string; message: string }[];
  findings: FindingJson[];
  canary: VersionJson | null;
  stable: VersionJson | null;
};

async function canaryStatus(namespace: string): Promise<Json> {
  const { out, json, text } = await canaryStatusCall<Json>(ctx, APP, namespace);
  if (!out.ok) throw new Error(`canary status failed: ${text}`);
  return json;
}

// ---------- driving a scenario ----------

type State = { phase: string; weight: number; failedChecks: number; vs: string };
const stateKey = (s: State) => `${s.phase}|w${s.weight}|fc${s.failedChecks}|vs ${s.vs}`;

async function snapshot(
  namespace: string,
): Promise<{ state: State; status: FlaggerStatus; vs?: { primary: number; canary: number } }> {
  const [status, vs] = await Promise.all([readCanary(namespace), readVsWeights(namespace)]);
  return {
    status,
    ...(vs ? { vs } : {}),
    state: {
      phase: status.phase ?? '',
      weight: status.canaryWeight ?? 0,
      failedChecks: status.failedChecks ?? 0,
      vs: vs ? `${vs.primary}/${vs.canary}` : 'none',
    },
  };
}

type Observation = {
  state: State;
  status: FlaggerStatus;
  vs: { primary: number; canary: number } | undefined;
  json: Json;
  at: number;
};

/** One state Flagger passed through, and what meshdoc said while it lasted. */
type Passage = { key: string; state: State; from: number; to: number; satisfied: boolean; answers: string[] };

/** A state this short may pass between two looks without a steady answer (a status write after the VS's). */
const FLEETING_MS = 6000;

/**
 * Polls Flagger until `done(state)`; in every state it passes through (phase, canary weight,
 * failed checks, the VirtualService's weights) asks meshdoc again and again until `judge` accepts
 * an answer as the state's expected one. Only answers given while Flagger's state and the
 * VirtualService stayed the same (read before and after the question) are judged; `judge` asserts
 * on each (what may be said in that state) and returns whether it is the expected headline. Fails
 * when a state lasted longer than FLEETING_MS without it, and on timeout, with Flagger's status,
 * events and log. Returns the judged answers and the states passed.
 */
async function drive(
  key: Key,
  done: (s: State) => boolean,
  judge: (o: Observation) => boolean,
  timeoutMs = SCENARIO_MS,
): Promise<{ answers: Observation[]; passages: Passage[] }> {
  const namespace = ns(key);
  const deadline = Date.now() + timeoutMs;
  const answers: Observation[] = [];
  const passages: Passage[] = [];
  const trace = join(logDir, `${key}.jsonl`);
  const unsatisfied = async (p: Passage) =>
    new Error(
      `${key}: Flagger was in ${p.key} for ${Math.round((p.to - p.from) / 1000)} s and meshdoc never gave the expected headline; it said:\n${p.answers.join('\n') || '(no steady answer)'}\n(every answer: ${trace})\n${await diagnostics(namespace)}`,
    );
  for (;;) {
    if (Date.now() > deadline) {
      const last = passages.at(-1);
      if (last && !last.satisfied) throw await unsatisfied(last);
      throw new Error(`timed out after ${timeoutMs} ms in ${key}:\n${await diagnostics(namespace)}`);
    }
    const before = await snapshot(namespace);
    const k = stateKey(before.state);
    let p = passages.at(-1);
    if (!p || p.key !== k) {
      if (p && !p.satisfied && p.to - p.from > FLEETING_MS) throw await unsatisfied(p);
      p = { key: k, state: before.state, from: Date.now(), to: Date.now(), satisfied: false, answers: [] };
      passages.push(p);
    }
    p.to = Date.now();
    if (done(before.state) && p.satisfied) return { answers, passages };
    if (!p.satisfied) {
      const json = await canaryStatus(namespace);
      const after = await snapshot(namespace);
      if (stateKey(after.state) === k) {
        const o: Observation = {
          state: before.state,
          status: after.status,
          vs: after.vs,
          json,
          at: Date.now(),
        };
        appendFileSync(
          trace,
          `${JSON.stringify({ t: new Date().toISOString(), state: k, verdict: json.verdict, headline: json.headline, why: json.why, canary: json.canary, stable: json.stable, findings: json.findings.filter((f) => f.severity !== 'pass') })}\n`,
        );
        answers.push(o);
        p.answers.push(`${json.verdict}: ${json.headline}`);
        p.satisfied = judge(o);
        if (!p.satisfied) await sleep(400); // ask again soon, without hogging the machine
        continue;
      }
    }
    await sleep(500);
  }
}

/** What every answer must say, whatever the state: Flagger mode, Flagger's phase, its weights. */
function assertWeights(o: Observation): void {
  const { json, status, vs } = o;
  const where = `${o.state.phase} w${o.state.weight}: ${json.verdict} — ${json.headline}`;
  expect(json.mode, where).toBe('flagger');
  expect(json.phase, where).toBe(status.phase);
  if (vs) {
    expect(json.canary?.vsWeight, where).toBe(vs.canary);
    expect(json.stable?.vsWeight, where).toBe(vs.primary);
  }
  // Flagger owns status.canaryWeight while Progressing or Waiting (canary.md §8.4.1); elsewhere meshdoc says null.
  if (status.phase === 'Progressing' || status.phase === 'Waiting') {
    expect(json.canary?.controllerWeight, where).toBe(status.canaryWeight ?? 0);
    expect(json.stable?.controllerWeight, where).toBe(100 - (status.canaryWeight ?? 0));
  } else {
    expect(json.canary?.controllerWeight ?? null, where).toBeNull();
  }
}

async function newRevision(namespace: string, tpl: Obj): Promise<void> {
  await admin
    .makeApiClient(AppsV1Api)
    .patchNamespacedDeployment(
      { name: APP, namespace, body: { spec: { template: tpl } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
}

/**
 * Namespace, Deployment `reviews` (v1, on the kwok node) and its Canary; resolves once Flagger has
 * initialised it (primary ready, Services, DestinationRules and VirtualService written, phase
 * Initialized), meshdoc having been asked all along.
 */
async function install(key: Key): Promise<Passage[]> {
  const namespace = ns(key);
  await clusterObjects(admin).ensureNamespace(namespace, {});
  await apply([deployment(namespace), canary(namespace)]);
  const { passages } = await drive(key, (s) => s.phase === 'Initialized', initialising);
  return passages;
}

const whyCodes = (j: Json) => j.why.map((w) => w.code);
const answerText = (o: Observation) =>
  `${o.json.verdict} (${whyCodes(o.json).join(', ')}): ${o.json.headline}`;
/** The states in which meshdoc gave the expected headline, in order. */
const satisfied = (passages: readonly Passage[]) => passages.filter((p) => p.satisfied).map((p) => p.key);
const findingOf = (j: Json, code: string) => j.findings.find((f) => f.code === code);
const factOf = (f: FindingJson | undefined, label: string) => f?.facts.find((x) => x.label === label)?.value;

/** An answer meshdoc may give for a moment in a state (the pods of a rollout starting, traffic just arriving): its verdict and the only codes that may decide it. */
type Transient = { verdict: string; why: readonly string[] };
const canaryStarting: Transient = { verdict: 'at-risk', why: ['MESH0421'] };
const primaryStarting: Transient = { verdict: 'failing', why: ['MESH0422'] };
const trafficArriving: Transient = { verdict: 'unknown', why: ['MESH0433'] };

/**
 * Asserts the answer's weights and phase (assertWeights) and that its verdict is one of `expected`
 * or a transient of this state; true when it is expected.
 */
function accept(o: Observation, expected: readonly string[], transients: readonly Transient[] = []): boolean {
  assertWeights(o);
  const j = o.json;
  if (expected.includes(j.verdict)) return true;
  const t = transients.find((x) => x.verdict === j.verdict);
  const ok = t !== undefined && whyCodes(j).length > 0 && whyCodes(j).every((c) => t.why.includes(c));
  expect(
    ok,
    `Flagger ${stateKey(o.state)}: meshdoc said ${j.verdict} (${whyCodes(j).join(', ')}): ${j.headline}; expected ${expected.join(' or ')}`,
  ).toBe(true);
  return false;
}

/** Before and during initialisation, and at rest after it: no canary (the primary may be starting). */
function initialising(o: Observation): boolean {
  expect(['', 'Initializing', 'Initialized'], stateKey(o.state)).toContain(o.state.phase);
  return accept(o, ['no-canary'], [primaryStarting]);
}

const started = Date.now();

beforeAll(async () => {
  admin = new KubeConfig();
  admin.loadFromFile(inject('kubeconfig'));
  const reader = new LiveKubeReader({ kubeConfig: await meshdocKubeConfig(admin), timeoutMs: 10_000 });
  ctx = { defaultNamespace: 'default', now: () => new Date(), reader: async () => reader, prometheusUrl };
  logDir = mkdtempSync(join(tmpdir(), 'meshdoc-flagger-'));
  const [kwok, f] = await Promise.allSettled([
    startKwokNode({
      binDir: inject('binDir'),
      kubeconfig: inject('kubeconfig'),
      admin,
      certFile: inject('servingCrt'),
      keyFile: inject('servingKey'),
      name: `kwok-flagger-${run}`,
      portForwards: [],
    }),
    startFlagger({
      binDir: inject('binDir'),
      kubeconfig: inject('kubeconfig'),
      prometheusUrl,
      logDir,
      // New Canaries are picked up within 2 s rather than Flagger's default 10 s.
      controlLoopInterval: '2s',
    }),
  ]);
  if (kwok.status === 'fulfilled') node = kwok.value;
  if (f.status === 'fulfilled') flagger = f.value;
  if (kwok.status === 'rejected') throw kwok.reason;
  if (f.status === 'rejected') throw f.reason;
  process.stderr.write(
    `[flagger] kwok node and Flagger up in ${Date.now() - started} ms; logs in ${logDir}\n`,
  );
});

afterAll(async () => {
  for (const stop of stops) stop();
  await flagger?.stop();
  await node?.stop();
  const core = admin ? admin.makeApiClient(CoreV1Api) : undefined;
  for (const k of ['healthy', 'failing', 'stalled'] as const) {
    await deleteScenario(meshTrafficUrl, ns(k)).catch(() => undefined);
    await core?.deleteNamespace({ name: ns(k) }).catch(() => undefined);
  }
  process.stderr.write(`[flagger] file took ${Date.now() - started} ms\n`);
});

describe.concurrent('canary status against the real Flagger (Istio provider, Prometheus metrics)', () => {
  it(
    'healthy: progressing at every weight Flagger writes (its VS weight and status weight), then complete once promoted',
    async () => {
      const namespace = ns('healthy');
      followTraffic(namespace, 0.001);
      const init = await install('healthy');
      await newRevision(namespace, template('v2', { nodeName: node.name }));
      const { answers, passages } = await drive(
        'healthy',
        (s) => s.phase === 'Succeeded',
        (o) => {
          const { phase } = o.state;
          if (phase === 'Initialized') return initialising(o); // until Flagger's next run sees the new revision
          if (phase === 'Progressing') {
            // The live VS weight is the one Flagger's status claims.
            expect(o.vs?.canary, stateKey(o.state)).toBe(o.status.canaryWeight ?? 0);
            return accept(o, ['progressing'], [canaryStarting, trafficArriving]);
          }
          if (phase === 'Promoting') return accept(o, ['progressing'], [primaryStarting]);
          if (phase === 'Finalising') return accept(o, ['progressing']);
          if (phase === 'Succeeded') return accept(o, ['complete']);
          throw new Error(`unexpected Flagger phase ${phase}: ${answerText(o)}`);
        },
      );
      // Flagger's run, as it went: init, then 0 → 25 → 50, promotion, back to the primary; meshdoc
      // gave the expected headline in every one of these states.
      expect(satisfied(init)).toContain('Initialized|w0|fc0|vs 100/0');
      expect(satisfied(passages)).toEqual([
        'Initialized|w0|fc0|vs 100/0',
        'Progressing|w0|fc0|vs 100/0',
        'Progressing|w25|fc0|vs 75/25',
        'Progressing|w50|fc0|vs 50/50',
        'Promoting|w0|fc0|vs 50/50',
        'Finalising|w0|fc0|vs 100/0',
        'Succeeded|w0|fc0|vs 100/0',
      ]);
      // Mid-run, the canary took its share and was judged on it.
      const at50 = answers.find((o) => o.state.weight === 50 && o.json.verdict === 'progressing');
      expect(at50?.json.canary?.health?.requests).toBeGreaterThanOrEqual(50);
      const events = await canaryEvents(namespace);
      const target = `${APP}.${namespace}`;
      expect(events).toEqual(
        expect.arrayContaining([
          `Normal New revision detected! Scaling up ${target}`,
          `Normal Advance ${target} canary weight 25`,
          `Normal Advance ${target} canary weight 50`,
          `Normal Copying ${target} template spec to ${APP}-primary.${namespace}`,
          'Normal Routing all traffic to primary',
          `Normal Promotion completed! Scaling down ${target}`,
        ]),
      );
    },
    SCENARIO_MS + 60_000,
  );

  it(
    'failing: the canary answers 5xx; meshdoc shows failed checks n/threshold, then rolled-back with the metric and the events that said so',
    async () => {
      const namespace = ns('failing');
      const target = `${APP}.${namespace}`;
      followTraffic(namespace, 0.1);
      await install('failing');
      await newRevision(namespace, template('v2', { nodeName: node.name }));
      const { answers, passages } = await drive(
        'failing',
        (s) => s.phase === 'Failed',
        (o) => {
          const { phase, weight, failedChecks } = o.state;
          const j = o.json;
          if (phase === 'Initialized') return initialising(o);
          if (phase === 'Progressing' && weight === 0) return accept(o, ['progressing'], [canaryStarting]);
          if (phase === 'Progressing' && failedChecks === 0) {
            // 10 % 5xx against Flagger's min success rate 99 %: meshdoc sees it before Flagger's first check.
            if (!accept(o, ['failing'], [trafficArriving, { verdict: 'at-risk', why: ['MESH0442'] }]))
              return false;
            expect(whyCodes(j), j.headline).toContain('MESH0441');
            return true;
          }
          if (phase === 'Progressing' && failedChecks < THRESHOLD) {
            if (!accept(o, ['failing', 'at-risk'], [trafficArriving])) return false;
            const c01 = findingOf(j, 'MESH0451');
            expect(c01?.severity, j.headline).toBe('warning');
            expect(factOf(c01, 'failed checks')).toBe(`${failedChecks}/${THRESHOLD}`);
            expect(c01?.message).toContain(`${failedChecks} of ${THRESHOLD} failed checks`);
            expect(c01?.message).toMatch(/Latest: success rate \d+(\.\d+)?% < 99%/);
            return true;
          }
          if (phase === 'Progressing') {
            // The threshold is reached: Flagger rolls back at its next run, one interval later.
            if (!accept(o, ['failing'])) return false;
            const c02 = findingOf(j, 'MESH0452');
            expect(factOf(c02, 'failed checks'), j.headline).toBe(`${THRESHOLD}/${THRESHOLD}`);
            expect(c02?.message).toContain('rolls it back at its next check');
            return true;
          }
          if (phase === 'Failed') {
            if (!accept(o, ['rolled-back'])) return false;
            expect(whyCodes(j)[0], j.headline).toBe('MESH0455');
            expect(j.why[0]?.message).toContain(`after ${THRESHOLD} failed checks`);
            expect(j.why[0]?.message).toMatch(/latest: success rate \d+(\.\d+)?% < 99%/);
            return true;
          }
          throw new Error(`unexpected Flagger phase ${phase}: ${answerText(o)}`);
        },
      );
      expect(satisfied(passages)).toEqual([
        'Initialized|w0|fc0|vs 100/0',
        'Progressing|w0|fc0|vs 100/0',
        'Progressing|w25|fc0|vs 75/25',
        'Progressing|w25|fc1|vs 75/25',
        'Progressing|w25|fc2|vs 75/25',
        'Failed|w0|fc0|vs 100/0',
      ]);
      // The events meshdoc cites are the ones Flagger wrote.
      const events = await canaryEvents(namespace);
      const halts = events.filter((e) => e.startsWith(`Warning Halt ${target} advancement success rate `));
      expect(halts.length, events.join('\n')).toBeGreaterThanOrEqual(1);
      expect(events).toEqual(
        expect.arrayContaining([
          `Warning Rolling back ${target} failed checks threshold reached ${THRESHOLD}`,
          `Warning Canary failed! Scaling down ${target}`,
        ]),
      );
      const rolledBack = answers.at(-1)?.json;
      const c05 = rolledBack ? findingOf(rolledBack, 'MESH0455') : undefined;
      expect(`Warning ${factOf(c05, 'rollback')}`).toBe(
        `Warning Rolling back ${target} failed checks threshold reached ${THRESHOLD}`,
      );
      expect(halts.map((h) => h.replace(/^Warning /, ''))).toContain(factOf(c05, 'latest halt'));
    },
    SCENARIO_MS + 60_000,
  );

  it(
    'stalled: the canary pods never become ready; meshdoc says stalled, with the reason, before Flagger gives up',
    async () => {
      const namespace = ns('stalled');
      const target = `${APP}.${namespace}`;
      followTraffic(namespace, 0.001);
      await install('stalled');
      crashLoopCanaryPods(namespace);
      // v2 on no node: its pods are this test's to run, and they crash.
      await newRevision(namespace, {
        ...template('v2'),
        spec: { ...(template('v2').spec as Obj), nodeName: null },
      });
      const notReady = `canary deployment ${target} not ready: waiting for rollout to finish: 0 of 1 (readyThreshold 100%) updated replicas are available`;
      const { answers, passages } = await drive(
        'stalled',
        (s) => s.phase === 'Failed',
        (o) => {
          const { phase } = o.state;
          const j = o.json;
          if (phase === 'Initialized') return initialising(o);
          if (phase === 'Progressing') {
            // The canary pod crash-loops at weight 0: first a warning that it is not ready (P01), then the stall.
            if (!accept(o, ['stalled'], [canaryStarting])) return false;
            expect(findingOf(j, 'MESH0421')?.message, j.headline).toContain('CrashLoopBackOff');
            const c04 = j.why.find((w) => w.code === 'MESH0454');
            expect(c04?.message, j.headline).toContain(
              `Flagger is waiting for the canary Deployment ${APP} to become ready (waiting for rollout to finish: 0 of 1 (readyThreshold 100%) updated replicas are available)`,
            );
            expect(c04?.message).toContain(`progressDeadlineSeconds (${DEADLINE_S / 60}m)`);
            expect(factOf(findingOf(j, 'MESH0454'), 'Flagger')).toBe(notReady);
            return true;
          }
          if (phase === 'Failed') {
            if (!accept(o, ['rolled-back'])) return false;
            expect(whyCodes(j)[0], j.headline).toBe('MESH0455');
            expect(j.why[0]?.message).toContain(
              `did not become ready within progressDeadlineSeconds (${DEADLINE_S}s; Flagger: "waiting for rollout to finish: 0 of 1 (readyThreshold 100%) updated replicas are available")`,
            );
            return true;
          }
          throw new Error(`unexpected Flagger phase ${phase}: ${answerText(o)}`);
        },
      );
      expect(satisfied(passages)).toEqual([
        'Initialized|w0|fc0|vs 100/0',
        'Progressing|w0|fc0|vs 100/0',
        'Failed|w0|fc0|vs 100/0',
      ]);
      // meshdoc said stalled while Flagger still waited, before it gave up.
      const stalledAt = answers.find((o) => o.json.verdict === 'stalled')?.at ?? Number.POSITIVE_INFINITY;
      const failedFrom = passages.find((p) => p.state.phase === 'Failed')?.from ?? 0;
      expect(stalledAt).toBeLessThan(failedFrom);
      const events = await canaryEvents(namespace);
      expect(events).toEqual(
        expect.arrayContaining([`Warning ${notReady}`, `Warning Canary failed! Scaling down ${target}`]),
      );
      expect(events.some((e) => e.includes('Rolling back'))).toBe(false);
    },
    SCENARIO_MS + 60_000,
  );
});
