import type { Check } from '../../core/check.ts';
import type {
  DestinationRule,
  Gateway,
  ServiceEntry,
  VirtualService,
  VirtualServiceRoute,
} from '../../schemas/istio.ts';
import type {
  Deployment,
  HorizontalPodAutoscaler,
  KubeEvent,
  Namespace,
  Pod,
  Service,
} from '../../schemas/kube.ts';
import type { AnalysisRun, ArgoRollout, FlaggerCanary } from '../../schemas/rollouts.ts';
import type { CanaryMetrics } from './canary-metrics.ts';
import type { CanarySettings } from './canary-settings.ts';

// The canary scene: everything `canary status` decides from, gathered and joined once
// (build-canary-input.ts). Every canary check is a pure function of it; time comes in `now`.

/** How the canary is driven (canary.md §8.2). */
export const canaryModes = ['flagger', 'argo-subset', 'argo-host', 'istio'] as const;
export type CanaryMode = (typeof canaryModes)[number];
export type Role = 'stable' | 'canary';

/** One destination of the split route, as the VirtualService writes it. */
export type SplitDestination = {
  /** FQDN the destination resolves to (short names resolved in the VirtualService's namespace). */
  readonly host: string;
  readonly subset?: string;
  readonly port?: number;
  /** As written; a lone destination without weight gets 100. */
  readonly weight: number;
  /** weight / Σweights as Istio ≥ 1.15 applies it (0 when the sum is 0). */
  readonly effective: number;
  /** Which version this destination is, when known. */
  readonly role?: Role;
};

/** The route that splits the app's traffic: the VirtualService, which http[] entry, its destinations. */
export type CanarySplit = {
  readonly vs: VirtualService;
  readonly routeIndex: number;
  readonly route: VirtualServiceRoute;
  readonly destinations: readonly SplitDestination[];
  /** Σ of the written weights. */
  readonly sum: number;
};

/** How Prometheus tells this version's series apart (canary.md §6.2). */
export type MetricKey = {
  readonly label:
    | 'destination_version'
    | 'destination_workload'
    | 'destination_service_name'
    | 'destination_canonical_revision';
  readonly value: string;
};

/** One version of the app: where the split sends it, what serves it, how metrics name it. */
export type CanaryVersion = {
  readonly role: Role;
  /** For people: `v2`, `podinfo-canary`, a pod-template hash. */
  readonly name: string;
  /** The FQDN the split routes this version to. */
  readonly host: string;
  readonly subset?: string;
  /** The Service behind `host`, when the cluster has it. */
  readonly service?: Service;
  /** The merged subset's labels (subset routing); undefined for host routing or an undefined subset. */
  readonly subsetLabels?: Readonly<Record<string, string>>;
  /** Subset routing: some DestinationRule for the host defines the subset. */
  readonly subsetDefined?: boolean;
  /** Pods the Service selects that also carry the subset's labels (its endpoints). */
  readonly pods: readonly Pod[];
  /** The Deployment or ReplicaSet serving this version, with its counts. */
  readonly workload?: {
    readonly kind: 'Deployment' | 'ReplicaSet';
    readonly object: Deployment;
    readonly desired: number;
    readonly ready: number;
    readonly available: number;
  };
  /** The version value its pods carry (version / app.kubernetes.io/version / canonical revision). */
  readonly versionLabel?: string;
  readonly images: readonly string[];
  /** How to select its series in Prometheus; undefined when nothing separates the versions. */
  readonly metricKey?: MetricKey;
  /** The weight the live VirtualService gives it (written, and effective share 0–100). */
  readonly vsWeight?: number;
  readonly effectiveWeight?: number;
  /** The weight the controller's status says it gives it. */
  readonly controllerWeight?: number;
};

/** The controller in charge, with what it wrote about itself. Events newest first. */
export type CanaryController =
  | { readonly kind: 'flagger'; readonly canary: FlaggerCanary; readonly events: readonly KubeEvent[] }
  | {
      readonly kind: 'argo';
      readonly rollout: ArgoRollout;
      /** The Rollout's AnalysisRuns, newest first. */
      readonly analysisRuns: readonly AnalysisRun[];
      readonly events: readonly KubeEvent[];
    }
  | { readonly kind: 'none' };

export type CanaryInput = {
  readonly app: string;
  readonly namespace: string;
  readonly mode: CanaryMode;
  /** Milliseconds since the epoch: the moment the evidence describes. */
  readonly now: number;
  /** `kubectl` or `kubectl --context X`, for fix commands. */
  readonly kubectl: string;
  /** The app's Service (Flagger's apex, Argo's stable/only Service, the plain Service). */
  readonly service: Service | undefined;
  /** Services of the app's namespace; every Service and ServiceEntry of the mesh (host resolution). */
  readonly services: readonly Service[];
  readonly meshServices: readonly Service[];
  readonly serviceEntries: readonly ServiceEntry[];
  /** Every VirtualService of the mesh whose hosts or destinations resolve to one of the app's hosts. */
  readonly virtualServices: readonly VirtualService[];
  /** The split that carries the app's mesh traffic; undefined when no VirtualService routes the app. */
  readonly split: CanarySplit | undefined;
  /** Every DestinationRule whose host is one of the app's hosts. */
  readonly rules: readonly DestinationRule[];
  readonly gateways: readonly Gateway[];
  readonly stable: CanaryVersion | undefined;
  readonly canary: CanaryVersion | undefined;
  /** Every pod of the namespace; its Deployments and HPAs. */
  readonly pods: readonly Pod[];
  readonly deployments: readonly Deployment[];
  readonly hpas: readonly HorizontalPodAutoscaler[];
  readonly namespaceObject: Namespace | undefined;
  readonly controller: CanaryController;
  /** What Prometheus said over the window; undefined when it was not asked or could not answer. */
  readonly metrics: CanaryMetrics | undefined;
  /** Why `metrics` is undefined (offline, not configured, unreachable …), for the reply. */
  readonly metricsWhy: string | undefined;
  /** Prometheus was asked and failed (unreachable, timed out, errors): C10. Offline or unconfigured is not a failure. */
  readonly metricsFailed: boolean;
  readonly windowSeconds: number;
  readonly settings: CanarySettings;
  /** Istio's version (`1.22.3`), or undefined: then ≥ 1.15 is assumed and the reply says so. */
  readonly istioVersion: string | undefined;
};

export type CanaryCheck = Check<CanaryInput>;
