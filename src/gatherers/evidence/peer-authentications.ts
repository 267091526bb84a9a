import type { KubeReader } from '../../core/kube-reader.ts';
import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';

/** PeerAuthentications in the target's namespace; none exported to --from files counts as none when optional. */
export function peerAuthenticationsGatherer(
  reader: KubeReader,
  scope: EvidenceScope,
): Gatherer<'peerAuthentications'> {
  return { gather: () => reader.list('peerAuthentication', scope.namespace), none: () => [] };
}
