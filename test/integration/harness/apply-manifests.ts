import {
  type KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  loadYaml,
  PatchStrategy,
} from '@kubernetes/client-node';

const rank = (o: KubernetesObject) =>
  o.kind === 'CustomResourceDefinition' ? 0 : o.kind === 'Namespace' ? 1 : 2;

/** Server-side applies every object in a YAML stream (CRDs, then namespaces, then the rest). */
export async function applyManifests(
  kc: KubeConfig,
  yamlText: string,
  options: { skipKinds?: string[]; namespace?: string } = {},
): Promise<number> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const objects = yamlText
    .split(/^---\s*$/m)
    .filter((doc) => doc.replace(/#.*$/gm, '').trim())
    // client-node's own YAML loader (js-yaml), as kubectl-style tools read Istio's CRDs.
    .map((doc) => loadYaml<KubernetesObject | null>(doc))
    .filter((o): o is KubernetesObject => !!o?.kind && !options.skipKinds?.includes(o.kind));
  objects.sort((a, b) => rank(a) - rank(b));
  for (const o of objects) {
    if (
      options.namespace &&
      o.metadata &&
      !o.metadata.namespace &&
      o.kind !== 'Namespace' &&
      o.kind !== 'CustomResourceDefinition'
    )
      o.metadata.namespace = options.namespace;
    try {
      await api.patch(o, undefined, undefined, 'meshdoc-test', true, PatchStrategy.ServerSideApply);
    } catch (error) {
      const body = (error as { body?: unknown }).body;
      throw new Error(
        `applying ${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}: ${typeof body === 'string' ? body : JSON.stringify(body ?? String(error))}`,
      );
    }
  }
  return objects.length;
}
