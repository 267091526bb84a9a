import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { applyManifests } from '../test/integration/harness/apply-manifests.ts';
import { clusterObjects } from '../test/integration/harness/cluster-objects.ts';
import { type ControlPlane, startControlPlane } from '../test/integration/harness/control-plane.ts';

/**
 * A real control plane without istiod, with Istio's CRDs (as the chart installs them, rendered by
 * istioctl) and `namespaces` namespaces bench-0 … bench-N; stopped after `use`.
 */
export async function withIstioCrdCluster<T>(
  namespaces: number,
  use: (cp: ControlPlane) => Promise<T>,
): Promise<T> {
  const binDir = execFileSync(fileURLToPath(new URL('../scripts/build-cluster', import.meta.url)), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const cp = await startControlPlane(binDir, { istiod: false });
  try {
    const rendered = await execa(cp.istioctl, ['manifest', 'generate', '--set', 'profile=minimal']);
    await applyManifests(
      cp.admin,
      rendered.stdout
        .split(/^---\s*$/m)
        .filter((doc) => /^kind: CustomResourceDefinition\s*$/m.test(doc))
        .join('---\n'),
    );
    const { ensureNamespace } = clusterObjects(cp.admin);
    for (let n = 0; n < namespaces; n++) await ensureNamespace(`bench-${n}`, {});
    return await use(cp);
  } finally {
    await cp.stop();
  }
}

/** Runs the creations 16 at a time. */
export async function createAll(items: (() => Promise<unknown>)[]): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let f = queue.shift(); f; f = queue.shift()) await f();
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}
