import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';

/** Services in the target's namespace; none exported to --from files counts as none when optional. */
export function servicesGatherer(reader: KubeReader, scope: EvidenceScope): Gatherer<'services'> {
  return { gather: () => reader.list('service', scope.namespace), none: () => [] };
}
