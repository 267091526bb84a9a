import type { Need } from '../../core/evidence.ts';
import type { InjectionTarget } from '../../core/target.ts';
import type { EvidenceBundle } from '../../evidence/evidence-bundle.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';
import { explainMissing } from '../not-found-with-suggestions.ts';
import { gatherBundle } from './gather-bundle.ts';

/**
 * What why-not-injected reads, in a fixed number of requests whatever the cluster size: the pod
 * (or workload + up to 20 of its pods), its namespace, the webhook configurations and one
 * injector ConfigMap per Istio revision. A target that cannot be read is the whole answer:
 * "not found" gets "did you mean" suggestions, other errors pass through.
 */
export function gatherInjectionBundle(
  reader: KubeReader,
  target: InjectionTarget,
  needs: readonly Need[],
  saveTo?: string,
): Promise<EvidenceBundle> {
  const scope = { namespace: target.namespace, target: { ...target } };
  return gatherBundle(reader, scope, needs, {
    saveTo,
    targets: [target.kind === 'pod' ? 'pod' : 'workload'],
    async explainTargetFailure(_kind, error, partial) {
      // The namespace is read alongside the target; tells a typo in it from one in the name. Asked
      // only for a target that was not found (a forbidden one needs no lookup).
      const namespaceExists = async () =>
        partial.values.namespace !== undefined ||
        (partial.missing.namespace === undefined &&
          (await reader.get('namespace', undefined, target.namespace).then(
            () => true,
            () => false,
          )));
      return explainMissing(reader, target, error, namespaceExists);
    },
  });
}
