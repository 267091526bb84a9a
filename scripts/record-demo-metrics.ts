// Records the demo's Prometheus answers for `canary status` (demo-metrics/canary.json): meshdoc's
// traffic stand-in (tools/mesh-traffic) serves Istio's metrics for one scenario per demo canary
// (demo/canaries.yaml), a real Prometheus (Debian's, scripts/install-prometheus) scrapes it every
// second, and once the counters are older than the longest window every case's exact query plan
// (canaryQueriesFor, built from the demo's objects the way canary-status-report.ts builds it) is run
// through meshdoc's own Prometheus client at one instant. The answers are stored in Prometheus's
// wire form with every sample moved to the demo's clock (demoNow), then each case is asked
// through the real CLI in demo mode and its headline compared with the expected one.
//
//   ./scripts/node24 node scripts/record-demo-metrics.ts [--out FILE]
//
// About 6 minutes (the longest window is 5 minutes, plus 45 s so the chart's first rate has
// data, plus start-up). Exit 1 when a query fails or a headline is not the expected one.
//
// The scenarios, per case (the labels are the ones the demo's objects give Istio's metrics):
//   podinfo/podinfo   Flagger at 30%: podinfo-primary 7 rps, podinfo (canary) 3 rps with 6% 500s;
//                     told apart by destination_workload; pods carry no version label, so
//                     destination_version is "unknown" for both, as Istio reports it. Window 60 s
//                     (the Canary's metric interval, which canary status uses by default).
//   catalog/search    plain Istio 80/20 by subset: v1 (search-v1) 8 rps; the v2 share (2 rps) fails
//                     at the callers' proxies with 503 UH (the subset selects no pod), reported
//                     with destination_version="v2". Window 300 s (the default).
//   storefront/cart   Argo Rollouts, subsets: stable v1.4.0 10 rps until the weight step to 20% at
//                     11:55:30 (the Rollout's event), then 8 + canary v1.5.0 2 rps; both healthy;
//                     workload "cart" for both, told apart by destination_version. Window 300 s.
//   reco/recommend    plain Istio 90/10: v1 9 rps, v2 1 rps, both healthy, similar latency. Window 300 s.
// Callers: the ingress gateway (3/4) and frontend-v1 in the app's namespace (1/4), both in the mesh.

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { buildCanaryInput } from '../src/diagnostics/canary/build-canary-input.ts';
import {
  type CanaryQueryId,
  canaryQueriesFor,
  instantQueryIds,
  type PlannedQuery,
  rangeQueryIds,
} from '../src/diagnostics/canary/canary-queries.ts';
import { detectCanary } from '../src/diagnostics/canary/detect-canary.ts';
import { canaryObjectsFrom } from '../src/gatherers/canary/canary-objects.ts';
import { canaryNeeds } from '../src/gatherers/canary/canary-status-report.ts';
import { gatherBundle } from '../src/gatherers/evidence/gather-bundle.ts';
import { demoNow } from '../src/gatherers/prometheus/recorded-metrics.ts';
import { runPrometheusQueries } from '../src/gatherers/prometheus/run-prometheus-queries.ts';
import { demoPath, openReader } from '../src/open-reader.ts';
import type { PrometheusData } from '../src/schemas/prometheus.ts';
import { putScenario } from '../test/integration/harness/mesh-traffic.ts';
import { installPrometheus, startMetricsStack } from '../test/integration/harness/prometheus.ts';
import type { ScenarioInput } from '../tools/mesh-traffic/scenario.ts';
import { defaultCallers } from '../tools/mesh-traffic/scenarios.ts';

const { values: options } = parseArgs({
  options: {
    out: { type: 'string', default: fileURLToPath(new URL('../demo-metrics/canary.json', import.meta.url)) },
  },
});
const outFile = options.out ?? '';

const healthy = { errorShare: 0.001, latencyMs: { p50: 20, p99: 80 } };

type Case = {
  app: string;
  namespace: string;
  expected: string;
  windowSeconds: number;
  /** Scenarios registered at the start. */
  scenarios: Record<string, ScenarioInput>;
  /** Scenarios replaced `secondsBeforeEnd` before the evaluation instant (a weight step). */
  later?: { secondsBeforeEnd: number; scenarios: Record<string, ScenarioInput> };
};

const cartScenario = (stableRps: number, canaryRps: number): ScenarioInput => ({
  namespace: 'storefront',
  service: 'cart',
  callers: defaultCallers('storefront'),
  versions: [
    { version: 'v1.4.0', workload: 'cart', rps: stableRps, ...healthy },
    { version: 'v1.5.0', workload: 'cart', rps: canaryRps, ...healthy, latencyMs: { p50: 21, p99: 85 } },
  ],
});

const cases: Case[] = [
  {
    app: 'podinfo',
    namespace: 'podinfo',
    expected: 'failing',
    windowSeconds: 60,
    scenarios: {
      'podinfo-primary': {
        namespace: 'podinfo',
        service: 'podinfo-primary',
        app: 'podinfo-primary',
        callers: defaultCallers('podinfo'),
        versions: [
          {
            version: 'unknown',
            canonicalRevision: 'latest',
            workload: 'podinfo-primary',
            rps: 7,
            ...healthy,
          },
        ],
      },
      'podinfo-canary': {
        namespace: 'podinfo',
        service: 'podinfo-canary',
        app: 'podinfo',
        callers: defaultCallers('podinfo'),
        versions: [
          {
            version: 'unknown',
            canonicalRevision: 'latest',
            workload: 'podinfo',
            rps: 3,
            errorShare: 0.06,
            errorCode: 500,
            latencyMs: { p50: 22, p99: 90 },
          },
        ],
      },
    },
  },
  {
    app: 'search',
    namespace: 'catalog',
    expected: 'misconfigured',
    windowSeconds: 300,
    scenarios: {
      search: {
        namespace: 'catalog',
        service: 'search',
        callers: defaultCallers('catalog'),
        versions: [
          { version: 'v1', workload: 'search-v1', rps: 8, ...healthy },
          // The subset selects no pod: nothing answers, so no series of its own.
          { version: 'v2', workload: 'search-v2', rps: 0 },
        ],
        // 20% of 10 rps, split among the callers as their traffic is (3:1).
        routingFailures: [
          { flag: 'UH', rps: 1.5, version: 'v2', caller: 'istio-ingressgateway' },
          { flag: 'UH', rps: 0.5, version: 'v2', caller: 'frontend-v1' },
        ],
      },
    },
  },
  {
    app: 'cart',
    namespace: 'storefront',
    expected: 'paused',
    windowSeconds: 300,
    // Before "Traffic weight updated from 0 to 20" (11:55:30, 270 s before demoNow) all goes to stable.
    scenarios: { cart: cartScenario(10, 0) },
    later: {
      secondsBeforeEnd: (demoNow - Date.parse('2026-11-30T11:55:30Z')) / 1000,
      scenarios: { cart: cartScenario(8, 2) },
    },
  },
  {
    app: 'recommend',
    namespace: 'reco',
    expected: 'progressing',
    windowSeconds: 300,
    scenarios: {
      recommend: {
        namespace: 'reco',
        service: 'recommend',
        callers: defaultCallers('reco'),
        versions: [
          { version: 'v1', workload: 'recommend-v1', rps: 9, ...healthy },
          { version: 'v2', workload: 'recommend-v2', rps: 1, ...healthy, latencyMs: { p50: 22, p99: 88 } },
        ],
      },
    },
  },
];

const log = (line: string) => process.stderr.write(`[record-demo-metrics] ${line}\n`);
const sleepUntil = async (ms: number) => {
  while (Date.now() < ms) await new Promise((r) => setTimeout(r, Math.min(5000, ms - Date.now())));
};

/** The query plan canary status builds for one demo case (canary-status-report.ts, first pass). */
async function planFor(c: Case, end: number): Promise<Record<CanaryQueryId, PlannedQuery>> {
  const reader = await openReader({ from: demoPath, timeoutMs: 5000, env: process.env });
  const { namespace, app } = c;
  const bundle = await gatherBundle(reader, { namespace }, canaryNeeds);
  const { objects, canaries, rollouts } = canaryObjectsFrom(bundle.values, namespace);
  const detection = detectCanary(app, namespace, {
    canaries,
    rollouts,
    services: objects.services,
    virtualServices: objects.virtualServices,
  });
  if (detection.kind !== 'found')
    throw new Error(`${namespace}/${app}: no canary detected in the demo (${detection.kind})`);
  const base = {
    app,
    namespace,
    now: demoNow,
    kubectl: reader.kubectl,
    windowSeconds: c.windowSeconds,
    istioVersion: undefined,
  };
  const draft = buildCanaryInput(detection.found, objects, base, {
    metrics: undefined,
    why: undefined,
    failed: false,
  });
  const plan = canaryQueriesFor(draft, { seconds: c.windowSeconds, end });
  if (!plan)
    throw new Error(`${namespace}/${app}: the demo's versions share no metric label; nothing to record`);
  log(
    `${namespace}/${app}: ${draft.stable?.metricKey?.label} stable=${draft.stable?.metricKey?.value} canary=${draft.canary?.metricKey?.value}`,
  );
  return plan;
}

/** A sample value as Prometheus writes it. */
const wire = (value: number) =>
  Number.isNaN(value) ? 'NaN' : value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : String(value);

/** A parsed answer back in Prometheus's wire form, every timestamp moved by `by` (and the values too, when they are timestamps). */
function raw(data: PrometheusData, by: number, valuesAreTimestamps: boolean): unknown {
  const sample = (s: { timestamp: number; value: number }) => [
    s.timestamp + by,
    wire(valuesAreTimestamps ? s.value + by : s.value),
  ];
  switch (data.resultType) {
    case 'vector':
      return {
        resultType: 'vector',
        result: data.result.map((r) => ({ metric: r.metric, value: sample(r.value) })),
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: data.result.map((r) => ({ metric: r.metric, values: r.values.map(sample) })),
      };
    case 'scalar':
      return { resultType: 'scalar', result: sample(data.result) };
    case 'string':
      return data;
  }
}

/** The file as the repository's formatter (biome, as `npm run lint` checks it) writes it. */
async function formatted(file: unknown): Promise<string> {
  const text = `${JSON.stringify(file, null, 2)}\n`;
  const biome = fileURLToPath(new URL('../node_modules/.bin/biome', import.meta.url));
  const run = await execa(biome, ['format', '--stdin-file-path=demo-metrics/canary.json'], {
    input: text,
    reject: false,
  });
  if (run.exitCode === 0 && run.stdout.trim() !== '') return `${run.stdout.trimEnd()}\n`;
  log(`biome format failed (exit ${run.exitCode}); writing plain JSON: ${run.stderr.split('\n')[0] ?? ''}`);
  return text;
}

const started = Date.now();
const binary = await installPrometheus();
const version =
  (await execa(binary, ['--version'], { reject: false })).stdout.split('\n')[0]?.trim() ?? 'prometheus';
const stack = await startMetricsStack();
let failed = false;
try {
  const t0 = Date.now() / 1000;
  for (const c of cases)
    for (const [id, scenario] of Object.entries(c.scenarios))
      await putScenario(stack.meshTrafficUrl, id, scenario);
  // The evaluation instant: every window (and the chart's first rate, up to 30 s before it) lies
  // after the first scrapes; whole seconds, so the shifted timestamps are whole too.
  const longest = Math.max(...cases.map((c) => c.windowSeconds));
  const end = Math.ceil(t0 + longest + 45);
  log(
    `${version}; scenarios registered; evaluating at ${new Date(end * 1000).toISOString()} (in ${Math.round(end - t0)} s)`,
  );
  const later = cases
    .filter((c) => c.later)
    .map(async (c) => {
      const step = c.later;
      if (!step) return;
      await sleepUntil((end - step.secondsBeforeEnd) * 1000);
      for (const [id, scenario] of Object.entries(step.scenarios))
        await putScenario(stack.meshTrafficUrl, id, scenario);
      log(`${c.namespace}/${c.app}: weight step applied ${step.secondsBeforeEnd} s before the end`);
    });
  const plans = await Promise.all(cases.map((c) => planFor(c, end)));
  await Promise.all(later);
  // A few scrapes past the instant, so the newest sample before it is in.
  await sleepUntil((end + 3) * 1000);

  const shift = demoNow / 1000 - end;
  const recorded: Record<string, unknown> = {};
  for (const [i, c] of cases.entries()) {
    const plan = plans[i];
    if (!plan) continue;
    const run = await runPrometheusQueries({ url: stack.prometheusUrl }, plan, {
      now: () => end * 1000,
      timeoutMs: 10_000,
    });
    const instant: Record<string, unknown> = {};
    const range: Record<string, unknown> = {};
    // In the plan's order, so a new recording diffs line by line against the old one.
    for (const id of Object.keys(plan) as CanaryQueryId[]) {
      const outcome = run.results[id];
      if (!outcome.ok) {
        log(`${c.namespace}/${c.app} ${id}: ${outcome.message}`);
        failed = true;
        continue;
      }
      const data = raw(
        outcome.result,
        shift,
        plan[id].kind === 'instant' && plan[id].valuesAreTimestamps === true,
      );
      if ((instantQueryIds as readonly string[]).includes(id)) instant[id] = data;
      else if ((rangeQueryIds as readonly string[]).includes(id)) range[id] = data;
    }
    recorded[`${c.namespace}/${c.app}`] = {
      evaluatedAt: demoNow / 1000,
      dataAgeSeconds: run.dataAgeSeconds === undefined ? null : Math.round(run.dataAgeSeconds * 1000) / 1000,
      windowSeconds: c.windowSeconds,
      promql: Object.fromEntries(Object.entries(plan).map(([id, q]) => [id, q.promql])),
      instant,
      range,
    };
  }
  const file = {
    recordedWith: `${version} (Debian's package, scripts/install-prometheus), scraping tools/mesh-traffic every 1 s; scripts/record-demo-metrics.ts`,
    recordedAt: new Date(end * 1000).toISOString(),
    cases: recorded,
  };
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, await formatted(file));
  log(`wrote ${outFile}`);
} finally {
  await stack.stop();
}

// Each case through the real CLI in demo mode (no kubeconfig): the headline must be the expected one.
if (!failed && outFile === fileURLToPath(new URL('../demo-metrics/canary.json', import.meta.url))) {
  const { runCli } = await import('../src/cli.ts');
  for (const c of cases) {
    let stdout = '';
    let stderr = '';
    await runCli(['canary', 'status', c.app, '-n', c.namespace, '-o', 'json'], {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      env: { HOME: '/nonexistent' },
      color: false,
    });
    const verdict = stdout ? (JSON.parse(stdout) as { verdict?: string }).verdict : `error: ${stderr.trim()}`;
    const ok = verdict === c.expected;
    if (!ok) failed = true;
    log(`${c.namespace}/${c.app}: ${verdict}${ok ? '' : ` (expected ${c.expected})`}`);
  }
}
log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
process.exitCode = failed ? 1 : 0;
