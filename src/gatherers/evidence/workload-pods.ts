import { MeshdocError } from '../../errors.ts';
import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';

/** Pods of a workload shown at most; one bounded list request, never a cluster-wide list. */
export const workloadPodLimit = 20;

/** The workload's running pods, by its selector (or its template's labels). */
export function workloadPodsGatherer(reader: KubeReader, scope: EvidenceScope): Gatherer<'workloadPods'> {
  return {
    requires: ['workload'],
    async gather(ctx) {
      const workload = ctx.value('workload')?.object;
      if (!workload) throw new MeshdocError('internal', 'The workload was not gathered.');
      const labels = workload.spec.selector.matchLabels ?? workload.spec.template.metadata.labels;
      const labelSelector = Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return reader.list('pod', scope.target?.namespace ?? scope.namespace, {
        labelSelector,
        limit: workloadPodLimit,
      });
    },
  };
}
