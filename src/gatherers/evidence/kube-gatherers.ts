import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherers } from '../../evidence/gather-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';
import { injectorConfigsGatherer } from './injector-configs.ts';
import { namespacedListGatherer } from './list-gatherer.ts';
import { meshConfigGatherer } from './mesh-config.ts';
import { mutatingWebhooksGatherer } from './mutating-webhooks.ts';
import { namespaceGatherer } from './namespace.ts';
import { podGatherer } from './pod.ts';
import { servicePodsGatherer } from './service-pods.ts';
import { workloadGatherer } from './workload.ts';
import { workloadPodsGatherer } from './workload-pods.ts';

/** Evidence kind → its Kubernetes gatherer, for one reader (live or files) and one scope. */
export function kubeGatherers(reader: KubeReader, scope: EvidenceScope): Gatherers {
  const pod = podGatherer(reader, scope);
  const workload = workloadGatherer(reader, scope);
  return {
    ...(pod ? { pod } : {}),
    ...(workload ? { workload, workloadPods: workloadPodsGatherer(reader, scope) } : {}),
    namespace: namespaceGatherer(reader, scope),
    mutatingWebhooks: mutatingWebhooksGatherer(reader),
    injectorConfigs: injectorConfigsGatherer(reader),
    services: namespacedListGatherer(reader, scope, 'service'),
    endpointSlices: namespacedListGatherer(reader, scope, 'endpointSlice'),
    virtualServices: namespacedListGatherer(reader, scope, 'virtualService'),
    destinationRules: namespacedListGatherer(reader, scope, 'destinationRule'),
    // Istio policies: one that fails validation is left out and reported, never hides the others.
    peerAuthentications: namespacedListGatherer(reader, scope, 'peerAuthentication', { skipInvalid: true }),
    meshConfig: meshConfigGatherer(reader),
    meshPeerAuthentications: {
      uses: ['meshConfig'],
      gather: (ctx) =>
        reader.list('peerAuthentication', ctx.value('meshConfig')?.rootNamespace ?? 'istio-system', {
          skipInvalid: true,
        }),
      none: () => [],
    },
    // One paginated list of every namespace's rules, whatever the mesh size: a client's rule may
    // live in its own namespace, the service's or the root namespace.
    meshDestinationRules: {
      gather: () => reader.list('destinationRule', undefined, { skipInvalid: true }),
      none: () => [],
    },
    servicePods: servicePodsGatherer(reader, scope),
    namespacePods: namespacedListGatherer(reader, scope, 'pod'),
    namespaceDeployments: namespacedListGatherer(reader, scope, 'deployment'),
    // Whole-mesh lists, one paginated request each: hosts resolve across namespaces.
    meshServices: { gather: () => reader.list('service', undefined), none: () => [] },
    meshVirtualServices: {
      gather: () => reader.list('virtualService', undefined, { skipInvalid: true }),
      none: () => [],
    },
    serviceEntries: {
      gather: () => reader.list('serviceEntry', undefined, { skipInvalid: true }),
      none: () => [],
    },
    flaggerCanaries: namespacedListGatherer(reader, scope, 'flaggerCanary'),
    argoRollouts: namespacedListGatherer(reader, scope, 'argoRollout'),
    analysisRuns: namespacedListGatherer(reader, scope, 'analysisRun'),
    replicaSets: namespacedListGatherer(reader, scope, 'replicaSet'),
    events: namespacedListGatherer(reader, scope, 'event'),
    meshGateways: {
      gather: () => reader.list('gateway', undefined, { skipInvalid: true }),
      none: () => [],
    },
    hpas: namespacedListGatherer(reader, scope, 'horizontalPodAutoscaler'),
  };
}
