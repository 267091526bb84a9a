import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CoreV1Api } from '@kubernetes/client-node';
import { LiveKubeReader } from '../src/gatherers/kube/live-kube-reader.ts';
import { meshdocKubeConfig } from '../test/helpers/meshdoc-kube-config.ts';
import { clusterObjects } from '../test/integration/harness/cluster-objects.ts';
import { startControlPlane } from '../test/integration/harness/control-plane.ts';
import { counting } from './counting-reader.ts';
import { timeWhyNotInjected } from './time-why-not-injected.ts';

export type RealApiFigures = {
  pods: number;
  namespaces: number;
  apiRequests: number;
  p50Ms: number;
  p99Ms: number;
};

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
    const { ensureNamespace } = clusterObjects(cp.admin);
    for (let n = 0; n < 200; n++) await ensureNamespace(`bench-${n}`, {});
    const figures: RealApiFigures[] = [];
    let created = 0;
    for (const [pods, namespaces] of [
      [50, 200],
      [5000, 200],
    ] as const) {
      await createPods(core, pods - created, namespaces, created);
      created = pods;
      const { reader, count } = counting(
        new LiveKubeReader({ kubeConfig: await meshdocKubeConfig(cp.admin), timeoutMs: 10_000 }),
      );
      const { requests: apiRequests, ...run } = await timeWhyNotInjected(
        reader,
        runs,
        (i) => [`app-${i}`, '-n', `bench-${i % namespaces}`],
        count,
      );
      figures.push({ pods, namespaces, apiRequests, ...run });
    }
    return figures;
  } finally {
    await cp.stop();
  }
}

if (import.meta.main) {
  console.table(await main());
}
