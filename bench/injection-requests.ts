import { performance } from 'node:perf_hooks';
import { commands } from '../commands/index.ts';
import type { CommandContext } from '../src/core/command.ts';
import { runInvocation } from '../src/core/run-invocation.ts';
import { LiveKubeReader } from '../src/gatherers/kube/live-kube-reader.ts';
import { FakeKubeApi } from '../test/helpers/fake-kube-api.ts';
import { syntheticCluster } from '../test/helpers/synthetic-cluster.ts';

export type RequestFigures = {
  pods: number;
  namespaces: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
};

/** why-not-injected API request count and latency over HTTP for a small and a large cluster. */
export async function main(runs = 30): Promise<RequestFigures[]> {
  const figures: RequestFigures[] = [];
  for (const [pods, namespaces] of [
    [50, 5],
    [5000, 200],
  ] as const) {
    const api = new FakeKubeApi({ objects: syntheticCluster(pods, namespaces) });
    const server = await api.start();
    const reader = new LiveKubeReader({ kubeConfig: api.kubeConfig(server), timeoutMs: 10_000 });
    const ctx: CommandContext = {
      defaultNamespace: 'default',
      now: () => new Date(),
      reader: async () => reader,
    };
    const times: number[] = [];
    let requests = 0;
    for (let i = 0; i < runs; i++) {
      const before = api.requests.length;
      const start = performance.now();
      const out = await runInvocation(
        ['why-not-injected', `app-${i}-5b7d9c-x${i}`, '-n', `ns-${i % namespaces}`],
        'cli',
        commands,
        ctx,
      );
      times.push(performance.now() - start);
      if (!out.ok) throw new Error(out.error.userMessage);
      requests = api.requests.length - before;
    }
    await api.stop();
    times.sort((a, b) => a - b);
    const pct = (p: number) =>
      Number((times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(1));
    figures.push({ pods, namespaces, requests, p50Ms: pct(0.5), p99Ms: pct(0.99) });
  }
  return figures;
}

if (import.meta.main) {
  console.table(await main());
}
