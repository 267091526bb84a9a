import type { WorkloadKind } from '../kube/kube-reader.ts';

export type PodTarget = { kind: 'pod'; namespace: string; name: string };
export type WorkloadTarget = { kind: WorkloadKind; namespace: string; name: string };
export type ServiceTarget = { kind: 'service'; namespace: string; name: string };
/** Pods and services labelled `app=<name>` in the namespace. */
export type AppTarget = { kind: 'app'; namespace: string; name: string };
export type NamespaceTarget = { kind: 'namespace'; name: string };
export type InjectionTarget = PodTarget | WorkloadTarget;
export type Target = PodTarget | WorkloadTarget | ServiceTarget | AppTarget | NamespaceTarget;

/** What a command's target may name. */
export type TargetKind = Target['kind'];

/** The target type of the kinds a command accepts, so a pod-only command gets a PodTarget. */
export type TargetOf<K extends TargetKind> = K extends 'pod'
  ? PodTarget
  : K extends WorkloadKind
    ? WorkloadTarget
    : K extends 'service'
      ? ServiceTarget
      : K extends 'app'
        ? AppTarget
        : NamespaceTarget;

/** How reports name a target: `shop/cart-1`, `deployment/cart -n shop`, `app/cart -n shop`. */
export function formatTarget(target: Target): string {
  switch (target.kind) {
    case 'pod':
      return `${target.namespace}/${target.name}`;
    case 'namespace':
      return `namespace/${target.name}`;
    default:
      return `${target.kind}/${target.name} -n ${target.namespace}`;
  }
}
