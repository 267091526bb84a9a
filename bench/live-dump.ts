// Benchmark: a 100 MB synthetic config dump read LIVE, end to end — the meshdoc CLI as its own
// process, through the real kube-apiserver's pods/portforward and kwok's kubelet port-forward, from
// a local Envoy admin stand-in — for `listeners <pod>` (GET /config_dump) and `config-dump <pod>`
// (GET /config_dump?include_eds, summary and redacted attachment). Wall time and peak RSS of the
// meshdoc process; the stand-in and the control plane are not counted.
//
//   node bench/live-dump.ts [--size-mb 100] [--runs 3]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateConfigDumpFile } from '../scripts/gen-config-dump.ts';
import { FakeEnvoyAdmin } from '../test/helpers/fake-envoy-admin.ts';
import { clusterObjects } from '../test/integration/harness/cluster-objects.ts';
import { startControlPlane } from '../test/integration/harness/control-plane.ts';
import { startKwokNode, waitForRunning } from '../test/integration/harness/kwok-node.ts';
import { median, timed } from './measure-process.ts';

export type LiveFigures = {
  command: string;
  /** The whole dump (with EDS) and what Envoy's stand-in sent for this command. */
  dumpMb: number;
  servedMb: number;
  wallMs: number;
  peakRssMb: number;
};

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

export async function main(options: { sizeMb?: number; runs?: number } = {}): Promise<LiveFigures[]> {
  const runs = options.runs ?? 3;
  const binDir = execFileSync(fileURLToPath(new URL('../scripts/build-cluster', import.meta.url)), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'meshdoc-live-bench-'));
  const file = join(dir, 'config_dump.json');
  const generated = generateConfigDumpFile(file, { sizeMb: options.sizeMb ?? 100, seed: 1 });
  const envoy = new FakeEnvoyAdmin({ dump: readFileSync(file), chunkBytes: 64 * 1024 });
  const cp = await startControlPlane(binDir, { istiod: false });
  let node: Awaited<ReturnType<typeof startKwokNode>> | undefined;
  try {
    const envoyPort = await envoy.start();
    node = await startKwokNode({
      binDir,
      kubeconfig: cp.kubeconfigPath,
      admin: cp.admin,
      certFile: cp.servingCrt,
      keyFile: cp.servingKey,
      name: 'bench-node',
      portForwards: [{ namespace: 'bench', pod: 'big-1', port: 15000, targetPort: envoyPort }],
    });
    const objects = clusterObjects(cp.admin);
    await objects.ensureNamespace('bench', {});
    await objects.core.createNamespacedPod({
      namespace: 'bench',
      body: {
        metadata: { name: 'big-1' },
        spec: {
          nodeName: 'bench-node',
          containers: [
            { name: 'app', image: 'app:1' },
            { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.28.2' },
          ],
        },
      },
    });
    await waitForRunning(cp.admin, 'bench', 'big-1', node);
    const figures: LiveFigures[] = [];
    for (const command of ['listeners', 'config-dump']) {
      const samples = [];
      envoy.servedBytes.length = 0;
      const env = { ...process.env, KUBECONFIG: cp.kubeconfigPath, MESHDOC_PROXY_TIMEOUT_MS: '120000' };
      for (let i = 0; i < runs; i++)
        samples.push(await timed(process.execPath, [cli, command, 'bench/big-1'], env));
      figures.push({
        command: `${command} <pod> (live)`,
        dumpMb: Math.round(generated.bytes / 1e5) / 10,
        servedMb: Math.round((envoy.servedBytes[0] ?? 0) / 1e5) / 10,
        wallMs: Math.round(median(samples.map((s) => s.wallMs))),
        peakRssMb: Math.round(Math.max(...samples.map((s) => s.peakRssBytes)) / 1e6),
      });
    }
    return figures;
  } finally {
    await node?.stop();
    await envoy.stop();
    await cp.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { 'size-mb': { type: 'string' }, runs: { type: 'string' } } });
  console.table(
    await main({
      sizeMb: values['size-mb'] ? Number(values['size-mb']) : undefined,
      runs: values.runs ? Number(values.runs) : undefined,
    }),
  );
}
