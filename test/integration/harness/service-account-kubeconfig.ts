import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api, type V1PolicyRule } from '@kubernetes/client-node';
import { applyManifests } from './apply-manifests.ts';
import { clusterObjects } from './cluster-objects.ts';

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

/** Where the test's kubeconfigs for ServiceAccounts go: the API server's address and its CA. */
export type ApiServerAccess = { server: string; caFile: string };

/** meshdoc's own ServiceAccount under deploy/rbac.yaml (applied here): the identity the bot runs as. */
export async function botServiceAccount(
  admin: KubeConfig,
  access: ApiServerAccess,
  tag: string,
): Promise<{ kubeConfig: KubeConfig; path: string }> {
  await clusterObjects(admin).ensureNamespace('meshdoc', {});
  await applyManifests(admin, await readFile(new URL('../../../deploy/rbac.yaml', import.meta.url), 'utf8'));
  const path = join(tmpdir(), `meshdoc-sa-${tag}-${process.pid}.kubeconfig`);
  const kubeConfig = await serviceAccountKubeconfig(
    admin,
    'meshdoc',
    'meshdoc',
    access.server,
    access.caFile,
    path,
  );
  return { kubeConfig, path };
}

/**
 * A ServiceAccount in namespace meshdoc whose only permissions are `rules` (a ClusterRole of its
 * own name; none at all when empty): meshdoc with a cut-down RBAC.
 */
export async function limitedServiceAccount(
  admin: KubeConfig,
  access: ApiServerAccess,
  name: string,
  rules: V1PolicyRule[],
): Promise<KubeConfig> {
  const objects = clusterObjects(admin);
  await objects.ensureNamespace('meshdoc', {});
  await objects.core
    .createNamespacedServiceAccount({ namespace: 'meshdoc', body: { metadata: { name } } })
    .catch(() => undefined);
  if (rules.length > 0) {
    const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
    await rbac.createClusterRole({ body: { metadata: { name }, rules } }).catch(() => undefined);
    await rbac
      .createClusterRoleBinding({
        body: {
          metadata: { name },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
          subjects: [{ kind: 'ServiceAccount', name, namespace: 'meshdoc' }],
        },
      })
      .catch(() => undefined);
  }
  const path = join(tmpdir(), `meshdoc-${name}-${process.pid}.kubeconfig`);
  return serviceAccountKubeconfig(admin, 'meshdoc', name, access.server, access.caFile, path);
}
