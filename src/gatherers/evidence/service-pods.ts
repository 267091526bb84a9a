import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';
import { serviceSelects } from '../../kube/service-selects.ts';
import type { Pod } from '../../schemas/kube.ts';

/**
 * The pods behind the scope's Services, one label-selector list per Service: the named Service
 * (`scope.service`), or every Service in the namespace that selects the target pod (a pod is
 * usually behind one or two). A Service without a selector has no pods here (its endpoints are
 * managed by hand). Lists are whole (paginated, capped by the reader with an error), never cut.
 */
export function servicePodsGatherer(reader: KubeReader, scope: EvidenceScope): Gatherer<'servicePods'> {
  return {
    requires: ['services'],
    uses: ['pod'],
    async gather(ctx) {
      const services = ctx.value('services') ?? [];
      const pod = ctx.value('pod');
      const chosen = scope.service
        ? services.filter((s) => s.metadata.name === scope.service)
        : services.filter((s) => pod !== undefined && serviceSelects(s, pod));
      const entries = await Promise.all(
        chosen.map(async (s) => {
          const selector = s.spec.selector ?? {};
          if (Object.keys(selector).length === 0) return [s.metadata.name, [] as Pod[]] as const;
          const labelSelector = Object.entries(selector)
            .map(([k, v]) => `${k}=${v}`)
            .join(',');
          const pods = await reader.list('pod', scope.namespace, { labelSelector });
          return [s.metadata.name, pods] as const;
        }),
      );
      return Object.fromEntries(entries);
    },
  };
}
