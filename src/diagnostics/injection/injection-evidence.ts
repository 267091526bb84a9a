import type { Gathered } from '../../core/gathered.ts';
import type { WorkloadKind } from '../../kube/kube-reader.ts';
import type { InjectorConfig } from '../../schemas/injector-config.ts';
import type { Deployment, MutatingWebhookConfiguration, Namespace, Pod } from '../../schemas/kube.ts';

/** Everything the injection decision looks at, gathered beforehand (live or from files). */
export type InjectionEvidence = {
  /** The pod, or for a workload target a pod synthesised from its template. */
  pod: Pod;
  /** Set when the target is a workload: the object and its running pods (bounded list). */
  workload?: { kind: WorkloadKind; object: Deployment; pods: Gathered<Pod[]> };
  namespace: Gathered<Namespace>;
  /** All MutatingWebhookConfigurations (Istio's are picked out by webhook name). */
  webhookConfigurations: Gathered<MutatingWebhookConfiguration[]>;
  /** Injector ConfigMaps by revision ("default" for the default revision). */
  injectorConfigs: Record<string, Gathered<InjectorConfig>>;
  /** `kubectl` plus any `--context` flag, for fix commands. */
  kubectl: string;
};
