import type { EvidenceScope } from '../../evidence/evidence-scope.ts';
import type { KubeReader, ListOptions } from '../../kube/kube-reader.ts';
import type { ResourceName, ResourceObject } from '../../kube/resource-kinds.ts';

/** A gatherer of one resource's objects; `kubeGatherers` checks it against the kind's `Gatherer`. */
export type ListGatherer<R extends ResourceName> = {
  gather(): Promise<ResourceObject<R>[]>;
  none(): ResourceObject<R>[];
};

/**
 * The objects of one resource in the target's namespace. `none` is the empty list, so an optional
 * need the --from files hold nothing of (or a CRD the cluster does not serve) is "none, assumed".
 */
export function namespacedListGatherer<R extends ResourceName>(
  reader: KubeReader,
  scope: EvidenceScope,
  resource: R,
  options: ListOptions = {},
): ListGatherer<R> {
  return { gather: () => reader.list(resource, scope.namespace, options), none: () => [] };
}
