import * as z from 'zod/mini';

// The mesh-wide settings tls-check reads, from the istiod chart's `istio` ConfigMap (key `mesh`,
// YAML; `istio-<revision>` for a revisioned control plane). Parsing the ConfigMap is in
// parse-mesh-config.ts, so this schema loads without a YAML parser.
export const MeshSettingsSchema = z.object({
  /** Where the ConfigMap was read, or would have been when defaults were assumed. */
  source: z.object({ namespace: z.string(), name: z.string() }),
  /** Mesh-wide PeerAuthentications and exported DestinationRules live here (default istio-system). */
  rootNamespace: z.string(),
  /** Clients without a DestinationRule `tls` send mTLS to sidecar endpoints (default on). */
  enableAutoMtls: z.boolean(),
  trustDomain: z.string(),
  /** True when the ConfigMap was absent or unreadable and Istio's defaults were assumed. */
  assumedDefaults: z.boolean(),
});
export type MeshSettings = z.infer<typeof MeshSettingsSchema>;

/** Istio's defaults (pkg/config/mesh/mesh.go): root namespace istio-system, auto-mTLS on. */
export function defaultMeshSettings(namespace = 'istio-system', name = 'istio'): MeshSettings {
  return {
    source: { namespace, name },
    rootNamespace: 'istio-system',
    enableAutoMtls: true,
    trustDomain: 'cluster.local',
    assumedDefaults: true,
  };
}
