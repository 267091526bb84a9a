import * as z from 'zod/mini';
import type { ConfigMap } from './kube.ts';
import { loadYaml } from './load-yaml.ts';
import type { MeshSettings } from './mesh-config.ts';

// The `mesh` key of the `istio` ConfigMap: Istio's MeshConfig in YAML. Only what tls-check reads.
const MeshYamlSchema = z.looseObject({
  rootNamespace: z.nullish(z.string()),
  enableAutoMtls: z.nullish(z.boolean()),
  trustDomain: z.nullish(z.string()),
});

/** Reads the mesh ConfigMap; throws (YAMLException, ZodError) on a malformed one. */
export function parseMeshConfig(cm: ConfigMap): MeshSettings {
  const text = cm.data.mesh?.trim();
  const mesh = MeshYamlSchema.parse((text ? loadYaml(text, { maxAliases: 100 }) : {}) ?? {});
  return {
    source: { namespace: cm.metadata.namespace ?? 'istio-system', name: cm.metadata.name },
    // An empty rootNamespace is what istiod treats as unset: its own namespace.
    rootNamespace: mesh.rootNamespace || cm.metadata.namespace || 'istio-system',
    enableAutoMtls: mesh.enableAutoMtls ?? true,
    trustDomain: mesh.trustDomain || 'cluster.local',
    assumedDefaults: false,
  };
}
