import type { KubeReader } from '../../core/kube-reader.ts';
import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';

/** The target's namespace object (its labels decide injection, mTLS defaults, …). */
export function namespaceGatherer(reader: KubeReader, scope: EvidenceScope): Gatherer<'namespace'> {
  return { gather: () => reader.get('namespace', undefined, scope.namespace) };
}
