import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';

/** The target Deployment, StatefulSet or DaemonSet. */
export function workloadGatherer(reader: KubeReader, scope: EvidenceScope): Gatherer<'workload'> | undefined {
  const target = scope.target;
  if (!target || target.kind === 'pod') return undefined;
  const kind = target.kind;
  return { gather: async () => ({ kind, object: await reader.get(kind, target.namespace, target.name) }) };
}
