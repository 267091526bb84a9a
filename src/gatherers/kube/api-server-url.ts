import type { KubeConfig } from './kube-config.ts';

/**
 * The URL of an API path (`/api/v1/…`) on the kubeconfig's current cluster. The path is resolved
 * under the server URL, not at its root, so a server behind a path prefix (Rancher's
 * `/k8s/clusters/c-1`) keeps the prefix.
 */
export function apiServerUrl(kubeConfig: KubeConfig, path: string): URL {
  const server = kubeConfig.cluster.server;
  return new URL(path.replace(/^\//, ''), server.endsWith('/') ? server : `${server}/`);
}
