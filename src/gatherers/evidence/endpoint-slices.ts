import type { KubeReader } from '../../core/kube-reader.ts';
import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';

/** EndpointSlices in the target's namespace (discovery.k8s.io/v1); none exported to --from files counts as none when optional. */
export function endpointSlicesGatherer(reader: KubeReader, scope: EvidenceScope): Gatherer<'endpointSlices'> {
  return { gather: () => reader.list('endpointSlice', scope.namespace), none: () => [] };
}
