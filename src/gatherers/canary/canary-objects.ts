import type { CanaryObjects } from '../../diagnostics/canary/build-canary-input.ts';
import type { EvidenceBundle } from '../../evidence/evidence-bundle.ts';

/**
 * The canary's objects out of a gathered bundle, cut to the app's namespace (a file or a saved
 * bundle may hold more than one); mesh-wide kinds (Services for host resolution, VirtualServices,
 * DestinationRules, ServiceEntries, Gateways) stay whole. Shared by `canary status` and the demo's
 * metric recorder (scripts/record-demo-metrics.ts), so both see the same objects.
 */
export function canaryObjectsFrom(values: EvidenceBundle['values'], namespace: string) {
  const inNamespace = <T extends { metadata: { namespace?: string | undefined } }>(
    items: readonly T[] | undefined,
  ) => (items ?? []).filter((o) => (o.metadata.namespace ?? namespace) === namespace);
  const services = inNamespace(values.services);
  const objects: CanaryObjects = {
    services,
    meshServices: values.meshServices ?? services,
    serviceEntries: values.serviceEntries ?? [],
    virtualServices: values.meshVirtualServices ?? [],
    rules: values.meshDestinationRules ?? [],
    gateways: values.meshGateways ?? [],
    pods: inNamespace(values.namespacePods),
    deployments: inNamespace(values.namespaceDeployments),
    replicaSets: inNamespace(values.replicaSets),
    hpas: inNamespace(values.hpas),
    events: inNamespace(values.events),
    analysisRuns: inNamespace(values.analysisRuns),
    namespaceObject: undefined,
  };
  return {
    objects,
    canaries: inNamespace(values.flaggerCanaries),
    rollouts: inNamespace(values.argoRollouts),
  };
}
