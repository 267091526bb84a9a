import type { Check } from '../../core/check.ts';
import type { DestinationRule, ServiceEntry, VirtualService } from '../../schemas/istio.ts';
import type { Deployment, Pod, Service } from '../../schemas/kube.ts';

/** What every labels check reads, derived once from the bundle. */
export type LabelsInput = {
  namespace: string;
  /** `labels <app>` or `labels svc/<name>`. */
  target: { kind: 'app' | 'service'; name: string };
  /** The app's Services (or the one named). */
  services: readonly Service[];
  /** The app's pods: labelled with the app, or selected by its Services. */
  appPods: readonly Pod[];
  /** Every pod of the namespace (near misses, pods of other apps). */
  pods: readonly Pod[];
  /** The namespace's Deployments (a template a Service selects, scaled to zero). */
  deployments: readonly Deployment[];
  /** DestinationRules whose host is one of the Services (any namespace), and every rule of the namespace. */
  rules: readonly DestinationRule[];
  /** VirtualServices routing to one of the Services, and every one of the namespace. */
  virtualServices: readonly VirtualService[];
  /** Every Service and ServiceEntry of the mesh: hosts resolve across namespaces. */
  allServices: readonly Service[];
  serviceEntries: readonly ServiceEntry[];
  kubectl: string;
};

export type LabelsCheck = Check<LabelsInput>;
