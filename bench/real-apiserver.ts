import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CoreV1Api } from '@kubernetes/client-node';
import { commands } from '../commands/index.ts';
import type { CommandContext } from '../src/core/command.ts';
import type { KubeReader } from '../src/core/kube-reader.ts';
import { runInvocation } from '../src/core/run-invocation.ts';
import { LiveKubeReader } from '../src/gatherers/kube/live-kube-reader.ts';
import { startControlPlane } from '../test/integration/harness/control-plane.ts';

export type RealApiFigures = {
  pods: number;
  namespaces: number;
  apiRequests: number;
  p50Ms: number;
  p99Ms: number;
};

/** Counts reads: every KubeReader method is exactly one API request. */
function counting(reader: KubeReader): { reader: KubeReader; count: () => number } {
  let n = 0;
  const proxy = new Proxy(reader, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        n++;
        return value.apply(target, args);
      };
    },
  });
  return { reader: proxy, count: () => n };
}

async function createPods(core: CoreV1Api, total: number, namespaces: number, offset: number): Promise<void> {
  const queue = Array.from({ length: total }, (_, i) => i + offset);
  const worker = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      await core.createNamespacedPod({
        namespace: `bench-${i % namespaces}`,
        body: {
          metadata: { name: `app-${i}`, labels: { app: `app-${i}` } },
          spec: { serviceAccountName: 'default', containers: [{ name: 'app', image: 'nginx' }] },
        },
      });
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** why-not-injected against a real kube-apiserver (and istiod) with 50, then 5,000 pods in 200 namespaces. */
export async function main(runs = 40): Promise<RealApiFigures[]> {
  const binDir = execFileSync(fileURLToPath(new URL('../scripts/build-cluster', import.meta.url)), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const cp = await startControlPlane(binDir);
  try {
    const core = cp.admin.makeApiClient(CoreV1Api);
    for (let n = 0; n < 200; n++) await core.createNamespace({ body: { metadata: { name: `bench-${n}` } } });
    for (let n = 0; n < 200; n++) {
      while (
        !(await core.readNamespacedServiceAccount({ name: 'default', namespace: `bench-${n}` }).then(
          () => true,
          () => false,
        ))
      )
        await new Promise((r) => setTimeout(r, 100));
    }
    const figures: RealApiFigures[] = [];
    let created = 0;
    for (const [pods, namespaces] of [
      [50, 200],
      [5000, 200],
    ] as const) {
      await createPods(core, pods - created, namespaces, created);
      created = pods;
      const { reader, count } = counting(new LiveKubeReader({ kubeConfig: cp.admin, timeoutMs: 10_000 }));
      const ctx: CommandContext = {
        defaultNamespace: 'default',
        now: () => new Date(),
        reader: async () => reader,
      };
      const times: number[] = [];
      let requests = 0;
      for (let i = 0; i < runs; i++) {
        const before = count();
        const start = performance.now();
        const out = await runInvocation(
          ['why-not-injected', `app-${i}`, '-n', `bench-${i % namespaces}`],
          'cli',
          commands,
          ctx,
        );
        times.push(performance.now() - start);
        if (!out.ok) throw new Error(out.error.userMessage);
        requests = count() - before;
      }
      times.sort((a, b) => a - b);
      const pct = (p: number) =>
        Number((times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(1));
      figures.push({ pods, namespaces, apiRequests: requests, p50Ms: pct(0.5), p99Ms: pct(0.99) });
    }
    return figures;
  } finally {
    await cp.stop();
  }
}

if (import.meta.main) {
  console.table(await main());
}
