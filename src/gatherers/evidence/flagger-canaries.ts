import type { KubeReader } from '../../core/kube-reader.ts';
import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';

/** Flagger Canaries in the target's namespace; none exported to --from files counts as none when optional. */
export function flaggerCanariesGatherer(
  reader: KubeReader,
  scope: EvidenceScope,
): Gatherer<'flaggerCanaries'> {
  return { gather: () => reader.list('flaggerCanary', scope.namespace), none: () => [] };
}
