import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';

/** The target's namespace object (its labels decide injection, mTLS defaults, …). */
export function namespaceGatherer(reader: KubeReader, scope: EvidenceScope): Gatherer<'namespace'> {
  return { gather: () => reader.get('namespace', undefined, scope.namespace) };
}
