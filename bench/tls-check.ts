// `npm run bench -- tls-check`: tls-check against a real kube-apiserver with 2,000 DestinationRules
// and 500 PeerAuthentications across 200 namespaces, against the same command on a cluster of about
// 20 objects: reads made (meshdoc's reader calls, and the LIST/GET requests the API server itself
// counted, pages included) and p50/p99 latency. Goal (issue 10): p50 under 300 ms, and the same
// number of reads whatever the mesh size.
import { request } from 'node:https';
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { LiveKubeReader } from '../src/gatherers/kube/live-kube-reader.ts';
import { meshdocKubeConfig } from '../test/helpers/meshdoc-kube-config.ts';
import { counting } from './counting-reader.ts';
import { createAll, withIstioCrdCluster } from './istio-crd-cluster.ts';
import { timeCommand } from './time-command.ts';

export type TlsFigures = {
  destinationRules: number;
  peerAuthentications: number;
  namespaces: number;
  readerCalls: number;
  apiserverRequests: number;
  p50Ms: number;
  p99Ms: number;
};

/** GET and LIST requests the API server has served, from its own apiserver_request_total (every client: istiod is off here and the controllers watch rather than list). */
async function servedReads(admin: KubeConfig): Promise<number> {
  const cluster = admin.getCurrentCluster();
  if (!cluster) throw new Error('no cluster in the admin kubeconfig');
  const url = new URL('/metrics', cluster.server);
  const options: import('node:https').RequestOptions = { method: 'GET' };
  await admin.applyToHTTPSOptions(options);
  const text = await new Promise<string>((resolve, reject) => {
    const req = request(url, options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    if (!/verb="(GET|LIST)"/.test(line)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

export async function main(runs = 40): Promise<TlsFigures[]> {
  const namespaces = 200;
  return withIstioCrdCluster(namespaces, async (cp) => {
    const core = cp.admin.makeApiClient(CoreV1Api);
    const custom = cp.admin.makeApiClient(CustomObjectsApi);
    // The service under test, in bench-0: two pods, a STRICT namespace and its DestinationRule.
    await core.createNamespacedService({
      namespace: 'bench-0',
      body: {
        metadata: { name: 'web' },
        spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 8080 }] },
      },
    });
    for (const name of ['web-1', 'web-2'])
      await core.createNamespacedPod({
        namespace: 'bench-0',
        body: {
          metadata: { name, labels: { app: 'web', 'security.istio.io/tlsMode': 'istio' } },
          spec: {
            containers: [
              { name: 'web', image: 'web:1' },
              { name: 'istio-proxy', image: 'proxyv2:1.28.2' },
            ],
          },
        },
      });
    const pa = (namespace: string, name: string, body: object) =>
      custom.createNamespacedCustomObject({
        group: 'security.istio.io',
        version: 'v1',
        namespace,
        plural: 'peerauthentications',
        body: {
          apiVersion: 'security.istio.io/v1',
          kind: 'PeerAuthentication',
          metadata: { name },
          spec: body,
        },
      });
    const dr = (namespace: string, name: string, host: string) =>
      custom.createNamespacedCustomObject({
        group: 'networking.istio.io',
        version: 'v1',
        namespace,
        plural: 'destinationrules',
        body: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          metadata: { name },
          spec: { host, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
        },
      });
    await pa('bench-0', 'default', { mtls: { mode: 'STRICT' } });
    await dr('bench-0', 'web', 'web');

    const measure = async (drs: number, pas: number): Promise<TlsFigures> => {
      const { reader, count } = counting(
        new LiveKubeReader({ kubeConfig: await meshdocKubeConfig(cp.admin), timeoutMs: 10_000 }),
      );
      const before = await servedReads(cp.admin);
      const run = await timeCommand(reader, runs, () => ['tls-check', 'svc/web', '-n', 'bench-0'], count);
      const served = (await servedReads(cp.admin)) - before;
      return {
        destinationRules: drs,
        peerAuthentications: pas,
        namespaces,
        readerCalls: run.requests,
        apiserverRequests: Math.round(served / runs),
        p50Ms: run.p50Ms,
        p99Ms: run.p99Ms,
      };
    };
    const small = await measure(1, 1);
    // 2,000 DestinationRules (10 per namespace) and 500 PeerAuthentications (2 or 3 per namespace,
    // workload-level with selectors) across the 200 namespaces.
    const work: (() => Promise<unknown>)[] = [];
    for (let i = 1; i < 2000; i++) work.push(() => dr(`bench-${i % namespaces}`, `dr-${i}`, `svc-${i}`));
    for (let i = 1; i < 500; i++)
      work.push(() =>
        pa(`bench-${i % namespaces}`, `pa-${i}`, {
          selector: { matchLabels: { app: `app-${i}` } },
          mtls: { mode: i % 2 ? 'STRICT' : 'PERMISSIVE' },
        }),
      );
    await createAll(work);
    const big = await measure(2000, 500);
    return [small, big];
  });
}
