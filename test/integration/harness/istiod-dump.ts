import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { execa } from 'execa';

export type ProxyIdentity = { name: string; namespace: string; ip: string; labels: Record<string, string> };

/**
 * The Envoy configuration istiod generates for one pod, as its sidecar would receive it, as a
 * config dump (tools/cluster/istio/xdsdump, Istio's own ADS client, built by scripts/build-cluster).
 */
export async function istiodDump(binDir: string, xds: string, pod: ProxyIdentity): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'meshdoc-xds-'));
  try {
    const out = join(dir, 'dump.json');
    await execa(join(binDir, 'xdsdump'), [
      '-xds',
      xds,
      '-pod',
      pod.name,
      '-namespace',
      pod.namespace,
      '-ip',
      pod.ip,
      '-labels',
      JSON.stringify(pod.labels),
      '-out',
      out,
    ]);
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A pod's identity as istiod needs it (its IP and labels), read from the API server. */
export async function proxyIdentity(
  admin: KubeConfig,
  namespace: string,
  name: string,
): Promise<ProxyIdentity> {
  const pod = await admin.makeApiClient(CoreV1Api).readNamespacedPod({ namespace, name });
  const ip = pod.status?.podIP;
  if (!ip) throw new Error(`pod ${namespace}/${name} has no IP yet`);
  return { name, namespace, ip, labels: pod.metadata?.labels ?? {} };
}
