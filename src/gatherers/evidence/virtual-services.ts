import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';

/** VirtualServices in the target's namespace; none exported to --from files counts as none when optional. */
export function virtualServicesGatherer(
  reader: KubeReader,
  scope: EvidenceScope,
): Gatherer<'virtualServices'> {
  return { gather: () => reader.list('virtualService', scope.namespace), none: () => [] };
}
