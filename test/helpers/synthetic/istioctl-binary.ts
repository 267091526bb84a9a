import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The istioctl to compare with: $ISTIOCTL, else the newest complete build of scripts/build-cluster
 * (~/.cache/meshdoc/cluster-bin/<k8s>-<istio>/istioctl). Undefined when there is none.
 */
export function findIstioctl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ISTIOCTL) return existsSync(env.ISTIOCTL) ? env.ISTIOCTL : undefined;
  const root = join(
    env.MESHDOC_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'meshdoc'),
    'cluster-bin',
  );
  const dirs = existsSync(root)
    ? readdirSync(root).filter(
        (d) => existsSync(join(root, d, 'istioctl')) && existsSync(join(root, d, '.complete')),
      )
    : [];
  const dir = dirs.sort().pop();
  return dir ? join(root, dir, 'istioctl') : undefined;
}

/**
 * istioctl builds a Kubernetes client even with --file, so it needs a kubeconfig it can load; this
 * one points nowhere, which also proves file mode never contacts a cluster.
 */
export function writeOfflineKubeconfig(dir: string): string {
  const path = join(dir, 'kubeconfig');
  writeFileSync(
    path,
    'apiVersion: v1\nkind: Config\nclusters: [{name: none, cluster: {server: "https://127.0.0.1:1"}}]\ncontexts: [{name: none, context: {cluster: none, user: none}}]\ncurrent-context: none\nusers: [{name: none, user: {token: none}}]\n',
  );
  return path;
}
