import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';

/** Argo Rollouts in the target's namespace; none exported to --from files counts as none when optional. */
export function argoRolloutsGatherer(reader: KubeReader, scope: EvidenceScope): Gatherer<'argoRollouts'> {
  return { gather: () => reader.list('argoRollout', scope.namespace), none: () => [] };
}
