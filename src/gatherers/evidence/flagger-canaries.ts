import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';

/** Flagger Canaries in the target's namespace; none exported to --from files counts as none when optional. */
export function flaggerCanariesGatherer(
  reader: KubeReader,
  scope: EvidenceScope,
): Gatherer<'flaggerCanaries'> {
  return { gather: () => reader.list('flaggerCanary', scope.namespace), none: () => [] };
}
