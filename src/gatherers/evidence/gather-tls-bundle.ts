import type { Need } from '../../core/evidence.ts';
import type { PodTarget, ServiceTarget } from '../../core/target.ts';
import type { EvidenceBundle } from '../../evidence/evidence-bundle.ts';
import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';
import { explainMissing } from '../not-found-with-suggestions.ts';
import { gatherBundle } from './gather-bundle.ts';

/**
 * What tls-check reads, in a fixed number of requests whatever the mesh size: the pod (for a pod
 * target or `--to`), the Services of the server's namespace, the pods behind the Services in
 * question (one label-selector list each), PeerAuthentications of that namespace and the root
 * namespace, every DestinationRule (one paginated list), and the mesh ConfigMap.
 */
export function gatherTlsBundle(
  reader: KubeReader,
  target: PodTarget | ServiceTarget,
  to: ServiceTarget | undefined,
  needs: readonly Need[],
  saveTo?: string,
): Promise<EvidenceBundle> {
  const scope: EvidenceScope =
    target.kind === 'service'
      ? { namespace: target.namespace, service: target.name }
      : {
          namespace: to?.namespace ?? target.namespace,
          target: { ...target },
          ...(to ? { service: to.name } : {}),
        };
  return gatherBundle(reader, scope, needs, {
    saveTo,
    targets: target.kind === 'pod' ? ['pod'] : ['services'],
    async explainTargetFailure(_kind, error) {
      if (target.kind !== 'pod') return error;
      const namespaceExists = () =>
        reader.get('namespace', undefined, target.namespace).then(
          () => true,
          () => false,
        );
      return explainMissing(reader, target, error, namespaceExists);
    },
  });
}
