import { MeshdocError } from '../../errors.ts';
import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';
import { podFromTemplate } from '../../kube/pod-from-template.ts';

/** The target pod; for a workload target, a pod made from its template (no request). */
export function podGatherer(reader: KubeReader, scope: EvidenceScope): Gatherer<'pod'> | undefined {
  const target = scope.target;
  if (!target) return undefined;
  if (target.kind === 'pod') return { gather: () => reader.get('pod', target.namespace, target.name) };
  return {
    requires: ['workload'],
    async gather(ctx) {
      const workload = ctx.value('workload');
      if (!workload) throw new MeshdocError('internal', 'The workload was not gathered.');
      return podFromTemplate(workload.object, target.namespace, target.name);
    },
  };
}
