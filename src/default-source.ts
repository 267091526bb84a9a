import type { Config } from './config.ts';
import { loadKubeConfig } from './gatherers/kube/load-kube-config.ts';
import { probeCluster } from './gatherers/kube/probe-cluster.ts';
import { clusterConfigured } from './open-reader.ts';

export type DefaultSource =
  | { kind: 'cluster'; context: string | undefined; version: string }
  | { kind: 'demo'; why: string };

/**
 * Decides, once at start-up, what answers when an invocation names no --context or --from:
 * the configured cluster if it answers, otherwise the bundled demo (and the banner says so).
 */
export async function chooseDefaultSource(config: Config, env: NodeJS.ProcessEnv): Promise<DefaultSource> {
  if (!clusterConfigured(env))
    return { kind: 'demo', why: 'no kubeconfig and no in-cluster service account found' };
  try {
    const kc = loadKubeConfig(undefined, undefined, env);
    const probe = await probeCluster(kc, Math.min(config.MESHDOC_KUBE_TIMEOUT_MS, 3000));
    if (probe.ok)
      return { kind: 'cluster', context: kc.getCurrentContext() || undefined, version: probe.version };
    return {
      kind: 'demo',
      why: `the cluster in the kubeconfig (context ${kc.getCurrentContext() || '(none)'}) did not answer: ${probe.reason}`,
    };
  } catch (error) {
    return {
      kind: 'demo',
      why: `the kubeconfig could not be used (${error instanceof Error ? error.message.split('\n')[0] : 'unknown error'})`,
    };
  }
}
