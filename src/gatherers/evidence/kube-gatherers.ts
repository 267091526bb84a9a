import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherers } from '../../evidence/gather-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';
import { argoRolloutsGatherer } from './argo-rollouts.ts';
import { destinationRulesGatherer } from './destination-rules.ts';
import { endpointSlicesGatherer } from './endpoint-slices.ts';
import { flaggerCanariesGatherer } from './flagger-canaries.ts';
import { injectorConfigsGatherer } from './injector-configs.ts';
import { mutatingWebhooksGatherer } from './mutating-webhooks.ts';
import { namespaceGatherer } from './namespace.ts';
import { peerAuthenticationsGatherer } from './peer-authentications.ts';
import { podGatherer } from './pod.ts';
import { servicesGatherer } from './services.ts';
import { virtualServicesGatherer } from './virtual-services.ts';
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
    services: servicesGatherer(reader, scope),
    endpointSlices: endpointSlicesGatherer(reader, scope),
    virtualServices: virtualServicesGatherer(reader, scope),
    destinationRules: destinationRulesGatherer(reader, scope),
    peerAuthentications: peerAuthenticationsGatherer(reader, scope),
    flaggerCanaries: flaggerCanariesGatherer(reader, scope),
    argoRollouts: argoRolloutsGatherer(reader, scope),
  };
}
