import { LiveKubeReader } from '../src/gatherers/kube/live-kube-reader.ts';
import { FakeKubeApi } from '../test/helpers/fake-kube-api.ts';
import { syntheticCluster } from '../test/helpers/synthetic-cluster.ts';
import { timeWhyNotInjected } from './time-why-not-injected.ts';

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
    const run = await timeWhyNotInjected(
      reader,
      runs,
      (i) => [`app-${i}-5b7d9c-x${i}`, '-n', `ns-${i % namespaces}`],
      () => api.requests.length,
    );
    await api.stop();
    figures.push({ pods, namespaces, ...run });
  }
  return figures;
}

if (import.meta.main) {
  console.table(await main());
}
