import type { Pod } from '../schemas/kube.ts';
import type { WorkloadKind } from './kube-reader.ts';

export type WorkloadRef = { kind: WorkloadKind | 'replicaset'; name: string };

/**
 * The workload that recreates this pod, from ownerReferences alone (no API call): a ReplicaSet
 * named `<deployment>-<pod-template-hash>` belongs to that Deployment.
 */
export function owningWorkload(pod: Pod): WorkloadRef | undefined {
  const owner = (pod.metadata.ownerReferences ?? []).find((o) => o.controller !== false);
  if (!owner) return undefined;
  const hash = pod.metadata.labels['pod-template-hash'];
  switch (owner.kind) {
    case 'ReplicaSet':
      if (hash && owner.name.endsWith(`-${hash}`)) {
        return { kind: 'deployment', name: owner.name.slice(0, -(hash.length + 1)) };
      }
      return { kind: 'replicaset', name: owner.name };
    case 'StatefulSet':
      return { kind: 'statefulset', name: owner.name };
    case 'DaemonSet':
      return { kind: 'daemonset', name: owner.name };
    default:
      return undefined;
  }
}
