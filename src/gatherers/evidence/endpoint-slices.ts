import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';

/** EndpointSlices in the target's namespace (discovery.k8s.io/v1); none exported to --from files counts as none when optional. */
export function endpointSlicesGatherer(reader: KubeReader, scope: EvidenceScope): Gatherer<'endpointSlices'> {
  return { gather: () => reader.list('endpointSlice', scope.namespace), none: () => [] };
}
