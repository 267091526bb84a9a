// `npm run bench -- labels`: labels against a real kube-apiserver with 5,000 pods, 1,000 Services
// and 1,000 DestinationRules across 200 namespaces, against the same command on a small cluster:
// reads (meshdoc's reader calls) and p50/p99. Goal (issue 11): p50 under 500 ms, the same reads.
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { LiveKubeReader } from '../src/gatherers/kube/live-kube-reader.ts';
import { meshdocKubeConfig } from '../test/helpers/meshdoc-kube-config.ts';
import { counting } from './counting-reader.ts';
import { createAll, withIstioCrdCluster } from './istio-crd-cluster.ts';
import { timeCommand } from './time-command.ts';

export type LabelsFigures = {
  pods: number;
  services: number;
  destinationRules: number;
  namespaces: number;
  readerCalls: number;
  p50Ms: number;
  p99Ms: number;
};

export async function main(runs = 40): Promise<LabelsFigures[]> {
  const namespaces = 200;
  return withIstioCrdCluster(namespaces, async (cp) => {
    const core = cp.admin.makeApiClient(CoreV1Api);
    const custom = cp.admin.makeApiClient(CustomObjectsApi);
    const pod = (namespace: string, name: string, labels: Record<string, string>) => () =>
      core.createNamespacedPod({
        namespace,
        body: { metadata: { name, labels }, spec: { containers: [{ name: 'app', image: 'app:1' }] } },
      });
    // The control plane's Service range is a /24: the thousand others are headless (no ClusterIP).
    const svc =
      (namespace: string, name: string, app: string, headless = false) =>
      () =>
        core.createNamespacedService({
          namespace,
          body: {
            metadata: { name },
            spec: {
              selector: { app },
              ports: [{ name: 'http', port: 8080 }],
              ...(headless ? { clusterIP: 'None' } : {}),
            },
          },
        });
    const dr = (namespace: string, name: string, host: string) => () =>
      custom.createNamespacedCustomObject({
        group: 'networking.istio.io',
        version: 'v1',
        namespace,
        plural: 'destinationrules',
        body: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          metadata: { name },
          spec: { host, subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
        },
      });
    // The app under test, in bench-0: two versions, its Service and DestinationRule.
    await createAll([
      pod('bench-0', 'web-v1', { app: 'web', version: 'v1' }),
      pod('bench-0', 'web-v2', { app: 'web', version: 'v2' }),
      svc('bench-0', 'web', 'web'),
      dr('bench-0', 'web', 'web'),
    ]);
    const measure = async (pods: number, services: number, drs: number): Promise<LabelsFigures> => {
      const { reader, count } = counting(
        new LiveKubeReader({ kubeConfig: await meshdocKubeConfig(cp.admin), timeoutMs: 10_000 }),
      );
      const run = await timeCommand(reader, runs, () => ['labels', 'web', '-n', 'bench-0'], count);
      return {
        pods,
        services,
        destinationRules: drs,
        namespaces,
        readerCalls: run.requests,
        p50Ms: run.p50Ms,
        p99Ms: run.p99Ms,
      };
    };
    const small = await measure(2, 1, 1);
    const work: (() => Promise<unknown>)[] = [];
    for (let i = 2; i < 5000; i++)
      work.push(pod(`bench-${i % namespaces}`, `app-${i}`, { app: `app-${i % 1000}`, version: 'v1' }));
    for (let i = 1; i < 1000; i++) work.push(svc(`bench-${i % namespaces}`, `app-${i}`, `app-${i}`, true));
    for (let i = 1; i < 1000; i++) work.push(dr(`bench-${i % namespaces}`, `app-${i}`, `app-${i}`));
    await createAll(work);
    const big = await measure(5000, 1000, 1000);
    return [small, big];
  });
}
