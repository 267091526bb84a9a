import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';

/** PeerAuthentications in the target's namespace; none exported to --from files counts as none when optional. */
export function peerAuthenticationsGatherer(
  reader: KubeReader,
  scope: EvidenceScope,
): Gatherer<'peerAuthentications'> {
  return { gather: () => reader.list('peerAuthentication', scope.namespace), none: () => [] };
}
