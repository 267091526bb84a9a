import { writeFile } from 'node:fs/promises';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';

/**
 * A kubeconfig that acts as a ServiceAccount (a TokenRequest token), so tests run meshdoc under
 * exactly the RBAC that deploy/rbac.yaml grants it.
 */
export async function serviceAccountKubeconfig(
  admin: KubeConfig,
  namespace: string,
  name: string,
  server: string,
  caFile: string,
  path: string,
): Promise<KubeConfig> {
  const core = admin.makeApiClient(CoreV1Api);
  const token = await core.createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { spec: { expirationSeconds: 3600, audiences: [] } },
  });
  const text = `apiVersion: v1
kind: Config
clusters: [{name: meshdoc-test, cluster: {server: "${server}", certificate-authority: ${caFile}}}]
users: [{name: ${name}, user: {token: "${token.status?.token}"}}]
contexts: [{name: sa-${name}, context: {cluster: meshdoc-test, user: ${name}}}]
current-context: sa-${name}
`;
  await writeFile(path, text, { mode: 0o600 });
  const kc = new KubeConfig();
  kc.loadFromString(text);
  return kc;
}
