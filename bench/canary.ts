// `npm run bench -- canary`: canary status against a real kube-apiserver (Flagger's and Argo's CRDs
// installed by the control plane, Istio's by istio-crd-cluster) and a real Prometheus scraping the
// mesh-traffic stand-in. Two canaries, a plain-Istio split (Service, DestinationRule with subsets,
// VirtualService 90/10, two Deployments) and a Flagger one (Canary, its Deployments, Services and
// VirtualService), in a cluster of 2,000 then 5,000 pods (500 then 1,000 Services,
// DestinationRules and VirtualServices) across 100 namespaces, with a few thousand filler series
// in Prometheus. Prints p50/p99 end to end (runInvocation + the JSON render), API requests by
// verb/resource, Prometheus requests, and where the time goes. Goal (issue): p50 under 1 s with
// Prometheus answering normally; the request count independent of the pods in the cluster.
import { performance } from 'node:perf_hooks';
import { AppsV1Api, CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { commands } from '../commands/index.ts';
import type { CommandContext } from '../src/core/command.ts';
import { runInvocation } from '../src/core/run-invocation.ts';
import { LiveKubeReader } from '../src/gatherers/kube/live-kube-reader.ts';
import type { KubeReader } from '../src/kube/kube-reader.ts';
import { renderJson } from '../src/renderers/json.ts';
import { meshdocKubeConfig } from '../test/helpers/meshdoc-kube-config.ts';
import { putScenario } from '../test/integration/harness/mesh-traffic.ts';
import { startMetricsStack, waitForSeries } from '../test/integration/harness/prometheus.ts';
import { canaryHealthy } from '../tools/mesh-traffic/scenarios.ts';
import { createAll, withIstioCrdCluster } from './istio-crd-cluster.ts';

export type CanaryFigures = {
  canary: string;
  mode: string;
  pods: number;
  svcDrVs: number;
  verdict: string;
  apiRequests: number;
  byResource: string;
  promQueries: string;
  p50Ms: number;
  p99Ms: number;
  apiP50Ms: number;
  promP50Ms: number;
  restP50Ms: number;
};

/** Counts reader calls by verb/resource and the time span they cover, per run. */
function countingByResource(reader: KubeReader) {
  let calls: string[] = [];
  let durations: [string, number][] = [];
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  const proxy = new Proxy(reader, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop === 'rejected') return value.bind(target);
      return async (...args: unknown[]) => {
        const name = `${String(prop)} ${String(args[0])}${args[1] === undefined ? ' (all)' : ''}`;
        calls.push(name);
        const start = performance.now();
        first = Math.min(first, start);
        try {
          return await value.apply(target, args);
        } finally {
          const end = performance.now();
          durations.push([name, end - start]);
          last = Math.max(last, end);
        }
      };
    },
  });
  return {
    reader: proxy,
    reset() {
      calls = [];
      durations = [];
      first = Number.POSITIVE_INFINITY;
      last = 0;
    },
    take() {
      return { calls, durations, spanMs: calls.length ? last - first : 0 };
    },
  };
}

/** Counts the fetch calls to Prometheus (queryPrometheus uses the global fetch) and their span. */
function countingPrometheus(prometheusUrl: string) {
  const original = globalThis.fetch;
  let calls: string[] = [];
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith(prometheusUrl)) return original(input, init);
    calls.push(new URL(url).pathname.replace('/api/v1/', ''));
    first = Math.min(first, performance.now());
    try {
      const res = await original(input, init);
      // The body is read by the caller; the clone here costs nothing measurable and gives the end.
      const body = await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      last = Math.max(last, performance.now());
    }
  };
  return {
    reset() {
      calls = [];
      first = Number.POSITIVE_INFINITY;
      last = 0;
    },
    take() {
      return { calls, spanMs: calls.length ? last - first : 0 };
    },
    restore() {
      globalThis.fetch = original;
    },
  };
}

const tally = (items: string[]) => {
  const m = new Map<string, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return [...m].map(([k, n]) => `${n}× ${k}`).join(', ');
};

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0).toFixed(1));
};

export async function main(runs = 30, warmups = 3): Promise<CanaryFigures[]> {
  const namespaces = 100;
  const metrics = await startMetricsStack();
  const prom = countingPrometheus(metrics.prometheusUrl);
  try {
    return await withIstioCrdCluster(namespaces, async (cp) => {
      const core = cp.admin.makeApiClient(CoreV1Api);
      const apps = cp.admin.makeApiClient(AppsV1Api);
      const custom = cp.admin.makeApiClient(CustomObjectsApi);
      const istio = (namespace: string, plural: string, kind: string, name: string, spec: object) => () =>
        custom.createNamespacedCustomObject({
          group: 'networking.istio.io',
          version: 'v1',
          namespace,
          plural,
          body: { apiVersion: 'networking.istio.io/v1', kind, metadata: { name }, spec },
        });
      const svc =
        (namespace: string, name: string, selector: Record<string, string>, headless = false) =>
        () =>
          core.createNamespacedService({
            namespace,
            body: {
              metadata: { name },
              spec: {
                selector,
                ports: [{ name: 'http', port: 9080 }],
                ...(headless ? { clusterIP: 'None' } : {}),
              },
            },
          });
      const deployment = (namespace: string, name: string, labels: Record<string, string>) => () =>
        apps.createNamespacedDeployment({
          namespace,
          body: {
            metadata: { name, labels: { app: labels.app ?? name } },
            spec: {
              replicas: 2,
              selector: { matchLabels: labels },
              template: {
                metadata: { labels: { ...labels, 'security.istio.io/tlsMode': 'istio' } },
                spec: {
                  containers: [
                    { name: 'app', image: `app:${labels.version}` },
                    { name: 'istio-proxy', image: 'proxyv2:1.28.2' },
                  ],
                },
              },
            },
          },
        });

      // Plain Istio in bench-0: reviews v1/v2, DestinationRule subsets, VirtualService 90/10.
      await createAll([
        svc('bench-0', 'reviews', { app: 'reviews' }),
        deployment('bench-0', 'reviews-v1', { app: 'reviews', version: 'v1' }),
        deployment('bench-0', 'reviews-v2', { app: 'reviews', version: 'v2' }),
        istio('bench-0', 'destinationrules', 'DestinationRule', 'reviews', {
          host: 'reviews',
          subsets: [
            { name: 'v1', labels: { version: 'v1' } },
            { name: 'v2', labels: { version: 'v2' } },
          ],
        }),
        istio('bench-0', 'virtualservices', 'VirtualService', 'reviews', {
          hosts: ['reviews'],
          http: [
            {
              route: [
                { destination: { host: 'reviews', subset: 'v1' }, weight: 90 },
                { destination: { host: 'reviews', subset: 'v2' }, weight: 10 },
              ],
            },
          ],
        }),
      ]);
      // Flagger in bench-1: Canary podinfo (Progressing at 10 %), podinfo-primary (v1) and podinfo (v2).
      await custom.createNamespacedCustomObject({
        group: 'flagger.app',
        version: 'v1beta1',
        namespace: 'bench-1',
        plural: 'canaries',
        body: {
          apiVersion: 'flagger.app/v1beta1',
          kind: 'Canary',
          metadata: { name: 'podinfo' },
          spec: {
            provider: 'istio',
            targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
            service: {
              port: 9080,
              targetPort: 9080,
              portName: 'http',
              gateways: ['mesh'],
              hosts: ['podinfo'],
            },
            analysis: {
              interval: '30s',
              threshold: 5,
              maxWeight: 50,
              stepWeight: 10,
              metrics: [
                { name: 'request-success-rate', thresholdRange: { min: 99 }, interval: '30s' },
                { name: 'request-duration', thresholdRange: { max: 500 }, interval: '30s' },
              ],
            },
          },
        },
      });
      const canary = (await custom.getNamespacedCustomObject({
        group: 'flagger.app',
        version: 'v1beta1',
        namespace: 'bench-1',
        plural: 'canaries',
        name: 'podinfo',
      })) as Record<string, unknown>;
      const at = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
      await custom.replaceNamespacedCustomObjectStatus({
        group: 'flagger.app',
        version: 'v1beta1',
        namespace: 'bench-1',
        plural: 'canaries',
        name: 'podinfo',
        body: {
          ...canary,
          status: {
            phase: 'Progressing',
            canaryWeight: 10,
            failedChecks: 0,
            iterations: 0,
            lastTransitionTime: at,
            conditions: [
              {
                type: 'Promoted',
                status: 'Unknown',
                reason: 'Progressing',
                message: 'New revision detected, progressing canary analysis.',
                lastUpdateTime: at,
                lastTransitionTime: at,
              },
            ],
          },
        },
      });
      await createAll([
        deployment('bench-1', 'podinfo', { app: 'podinfo', version: 'v2' }),
        deployment('bench-1', 'podinfo-primary', { app: 'podinfo-primary', version: 'v1' }),
        svc('bench-1', 'podinfo', { app: 'podinfo-primary' }),
        svc('bench-1', 'podinfo-primary', { app: 'podinfo-primary' }),
        svc('bench-1', 'podinfo-canary', { app: 'podinfo' }),
        istio('bench-1', 'destinationrules', 'DestinationRule', 'podinfo-primary', {
          host: 'podinfo-primary',
        }),
        istio('bench-1', 'destinationrules', 'DestinationRule', 'podinfo-canary', { host: 'podinfo-canary' }),
        istio('bench-1', 'virtualservices', 'VirtualService', 'podinfo', {
          gateways: ['mesh'],
          hosts: ['podinfo'],
          http: [
            {
              route: [
                { destination: { host: 'podinfo-primary' }, weight: 90 },
                { destination: { host: 'podinfo-canary' }, weight: 10 },
              ],
            },
          ],
        }),
      ]);

      // Traffic: the two canaries healthy, plus filler services so Prometheus holds thousands of series.
      const fillerScenarios = 16;
      await putScenario(
        metrics.meshTrafficUrl,
        'reviews',
        canaryHealthy({ namespace: 'bench-0', service: 'reviews' }),
      );
      await putScenario(
        metrics.meshTrafficUrl,
        'podinfo',
        canaryHealthy({ namespace: 'bench-1', service: 'podinfo', naming: 'flagger' }),
      );
      for (let i = 0; i < fillerScenarios; i++)
        await putScenario(
          metrics.meshTrafficUrl,
          `filler-${i}`,
          canaryHealthy({ namespace: `bench-${2 + (i % (namespaces - 2))}`, service: `app-${i}` }),
        );

      // The filler population, created while Prometheus collects 30 s of samples.
      const pod = (namespace: string, name: string, labels: Record<string, string>) => () =>
        core.createNamespacedPod({
          namespace,
          body: { metadata: { name, labels }, spec: { containers: [{ name: 'app', image: 'app:1' }] } },
        });
      const filler = (fromPod: number, toPod: number, fromObj: number, toObj: number) => {
        const work: (() => Promise<unknown>)[] = [];
        for (let i = fromPod; i < toPod; i++)
          work.push(pod(`bench-${i % namespaces}`, `app-${i}`, { app: `app-${i % 1000}`, version: 'v1' }));
        for (let i = fromObj; i < toObj; i++) {
          const ns = `bench-${i % namespaces}`;
          work.push(svc(ns, `app-${i}`, { app: `app-${i}` }, true));
          work.push(
            istio(ns, 'destinationrules', 'DestinationRule', `app-${i}`, {
              host: `app-${i}`,
              subsets: [{ name: 'v1', labels: { version: 'v1' } }],
            }),
          );
          work.push(
            istio(ns, 'virtualservices', 'VirtualService', `app-${i}`, {
              hosts: [`app-${i}`],
              http: [{ route: [{ destination: { host: `app-${i}`, subset: 'v1' } }] }],
            }),
          );
        }
        return work;
      };
      const t0 = performance.now();
      await createAll(filler(0, 2000, 0, 500));
      process.stderr.write(
        `[bench canary] 2,000 pods, 500 Services/DRs/VSs in ${Math.round(performance.now() - t0)} ms\n`,
      );

      for (const ns of ['bench-0', 'bench-1'])
        await waitForSeries(
          metrics.prometheusUrl,
          `min(count_over_time(istio_requests_total{destination_service_namespace="${ns}"}[40s]))`,
          (s) => (s[0]?.value.value ?? 0) >= 36,
          120_000,
        );
      const series = await waitForSeries(metrics.prometheusUrl, 'count({__name__=~".+"})', () => true, 5000);
      process.stderr.write(`[bench canary] Prometheus holds ${series[0]?.value.value} series\n`);

      const { reader, reset, take } = countingByResource(
        new LiveKubeReader({ kubeConfig: await meshdocKubeConfig(cp.admin), timeoutMs: 10_000 }),
      );
      const measure = async (
        app: string,
        ns: string,
        mode: 'with Prometheus' | 'no Prometheus',
        pods: number,
        objects: number,
      ): Promise<CanaryFigures> => {
        const ctx: CommandContext = {
          defaultNamespace: 'default',
          now: () => new Date(),
          reader: async () => reader,
          prometheusUrl: mode === 'with Prometheus' ? metrics.prometheusUrl : undefined,
        };
        const argv = ['canary', 'status', app, '-n', ns, '--window', '30s', '-o', 'json'];
        const total: number[] = [];
        const api: number[] = [];
        const promSpan: number[] = [];
        const rest: number[] = [];
        let calls: string[] = [];
        let queries: string[] = [];
        let verdict = '';
        const perCall = new Map<string, number[]>();
        for (let i = 0; i < warmups + runs; i++) {
          reset();
          prom.reset();
          const start = performance.now();
          const out = await runInvocation(argv, 'cli', commands, ctx);
          if (!out.ok) throw new Error(out.error.userMessage);
          const json = renderJson(out.report);
          const ms = performance.now() - start;
          const a = take();
          const p = prom.take();
          calls = a.calls;
          queries = p.calls;
          verdict = `${out.report.verdict}${out.report.attachments.length ? ' +png' : ''}`;
          if (i === 0 && json.length === 0) throw new Error('empty JSON');
          if (i === 0)
            process.stderr.write(`[bench canary] ${ns}/${app} (${mode}): ${out.report.headline}\n`);
          if (i < warmups) continue;
          for (const [name, d] of a.durations) perCall.set(name, [...(perCall.get(name) ?? []), d]);
          total.push(ms);
          api.push(a.spanMs);
          promSpan.push(p.spanMs);
          rest.push(ms - a.spanMs - p.spanMs);
        }
        return {
          canary: `${ns}/${app}`,
          mode,
          pods,
          svcDrVs: objects,
          verdict,
          apiRequests: calls.length,
          byResource: `${tally(calls)}\n    each call's p50: ${[...perCall]
            .map(([name, ds]) => [name, pct(ds, 0.5)] as const)
            .sort((x, y) => y[1] - x[1])
            .map(([name, d]) => `${name} ${d} ms`)
            .join(', ')}`,
          promQueries: queries.length ? `${queries.length} (${tally(queries)})` : '0',
          p50Ms: pct(total, 0.5),
          p99Ms: pct(total, 0.99),
          apiP50Ms: pct(api, 0.5),
          promP50Ms: pct(promSpan, 0.5),
          restP50Ms: pct(rest, 0.5),
        };
      };
      const round = async (pods: number, objects: number) => [
        await measure('reviews', 'bench-0', 'with Prometheus', pods, objects),
        await measure('reviews', 'bench-0', 'no Prometheus', pods, objects),
        await measure('podinfo', 'bench-1', 'with Prometheus', pods, objects),
        await measure('podinfo', 'bench-1', 'no Prometheus', pods, objects),
      ];
      // Cold: the first run in this process loads the command, the checks and the chart renderer.
      const figures = await round(2000 + 8, 500);
      const t1 = performance.now();
      await createAll(filler(2000, 5000, 500, 1000));
      process.stderr.write(
        `[bench canary] +3,000 pods, +500 Services/DRs/VSs in ${Math.round(performance.now() - t1)} ms\n`,
      );
      figures.push(...(await round(5000 + 8, 1000)));
      return figures;
    });
  } finally {
    prom.restore();
    await metrics.stop();
  }
}

/** The where-the-time-goes table and the reads, one canary per line. */
export function printCanary(figures: CanaryFigures[]): void {
  console.table(
    figures.map((f) => ({
      canary: f.canary,
      mode: f.mode,
      pods: f.pods,
      'svc/DR/VS': f.svcDrVs,
      verdict: f.verdict,
      'API req': f.apiRequests,
      'Prom req': f.promQueries,
      'p50 ms': f.p50Ms,
      'p99 ms': f.p99Ms,
      'API p50': f.apiP50Ms,
      'Prom p50': f.promP50Ms,
      'rest p50': f.restP50Ms,
    })),
  );
  const seen = new Set<string>();
  for (const f of figures) {
    const key = `${f.canary} ${f.pods}`;
    if (seen.has(key) || f.mode !== 'with Prometheus') continue;
    seen.add(key);
    console.log(`  ${f.canary} at ${f.pods} pods: ${f.byResource}`);
  }
}
