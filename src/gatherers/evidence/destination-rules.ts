import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';

/** DestinationRules in the target's namespace; none exported to --from files counts as none when optional. */
export function destinationRulesGatherer(
  reader: KubeReader,
  scope: EvidenceScope,
): Gatherer<'destinationRules'> {
  return { gather: () => reader.list('destinationRule', scope.namespace), none: () => [] };
}
