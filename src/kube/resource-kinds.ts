import type * as z from 'zod/mini';
import {
  DestinationRuleSchema,
  GatewaySchema,
  PeerAuthenticationSchema,
  ServiceEntrySchema,
  VirtualServiceSchema,
} from '../schemas/istio.ts';
import {
  ConfigMapSchema,
  DeploymentSchema,
  EndpointSliceSchema,
  EventSchema,
  HorizontalPodAutoscalerSchema,
  MutatingWebhookConfigurationSchema,
  NamespaceSchema,
  PodSchema,
  ReplicaSetSchema,
  ServiceSchema,
} from '../schemas/kube.ts';
import { AnalysisRunSchema, ArgoRolloutSchema, FlaggerCanarySchema } from '../schemas/rollouts.ts';

/** Where a Kubernetes resource lives in the API and the one schema its objects are read through. */
export type ResourceKind = {
  /** `kind:` as manifests spell it. */
  readonly kind: string;
  /** API group; '' for the core group (`/api/v1`). */
  readonly group: string;
  readonly version: string;
  /** The REST path segment and RBAC resource name. */
  readonly plural: string;
  readonly namespaced: boolean;
  readonly schema: z.ZodMiniType;
};

// StatefulSets and DaemonSets are read through the Deployment schema: meshdoc reads only the
// selector and pod template they share.
/** Every resource meshdoc reads, live or from files. Adding one: a row here plus its schema. */
export const resourceKinds = {
  pod: { kind: 'Pod', group: '', version: 'v1', plural: 'pods', namespaced: true, schema: PodSchema },
  namespace: {
    kind: 'Namespace',
    group: '',
    version: 'v1',
    plural: 'namespaces',
    namespaced: false,
    schema: NamespaceSchema,
  },
  deployment: {
    kind: 'Deployment',
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    namespaced: true,
    schema: DeploymentSchema,
  },
  statefulset: {
    kind: 'StatefulSet',
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    namespaced: true,
    schema: DeploymentSchema,
  },
  daemonset: {
    kind: 'DaemonSet',
    group: 'apps',
    version: 'v1',
    plural: 'daemonsets',
    namespaced: true,
    schema: DeploymentSchema,
  },
  mutatingWebhookConfiguration: {
    kind: 'MutatingWebhookConfiguration',
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    plural: 'mutatingwebhookconfigurations',
    namespaced: false,
    schema: MutatingWebhookConfigurationSchema,
  },
  configMap: {
    kind: 'ConfigMap',
    group: '',
    version: 'v1',
    plural: 'configmaps',
    namespaced: true,
    schema: ConfigMapSchema,
  },
  service: {
    kind: 'Service',
    group: '',
    version: 'v1',
    plural: 'services',
    namespaced: true,
    schema: ServiceSchema,
  },
  endpointSlice: {
    kind: 'EndpointSlice',
    group: 'discovery.k8s.io',
    version: 'v1',
    plural: 'endpointslices',
    namespaced: true,
    schema: EndpointSliceSchema,
  },
  virtualService: {
    kind: 'VirtualService',
    group: 'networking.istio.io',
    version: 'v1',
    plural: 'virtualservices',
    namespaced: true,
    schema: VirtualServiceSchema,
  },
  destinationRule: {
    kind: 'DestinationRule',
    group: 'networking.istio.io',
    version: 'v1',
    plural: 'destinationrules',
    namespaced: true,
    schema: DestinationRuleSchema,
  },
  serviceEntry: {
    kind: 'ServiceEntry',
    group: 'networking.istio.io',
    version: 'v1',
    plural: 'serviceentries',
    namespaced: true,
    schema: ServiceEntrySchema,
  },
  peerAuthentication: {
    kind: 'PeerAuthentication',
    group: 'security.istio.io',
    version: 'v1',
    plural: 'peerauthentications',
    namespaced: true,
    schema: PeerAuthenticationSchema,
  },
  flaggerCanary: {
    kind: 'Canary',
    group: 'flagger.app',
    version: 'v1beta1',
    plural: 'canaries',
    namespaced: true,
    schema: FlaggerCanarySchema,
  },
  argoRollout: {
    kind: 'Rollout',
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'rollouts',
    namespaced: true,
    schema: ArgoRolloutSchema,
  },
  analysisRun: {
    kind: 'AnalysisRun',
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'analysisruns',
    namespaced: true,
    schema: AnalysisRunSchema,
  },
  replicaSet: {
    kind: 'ReplicaSet',
    group: 'apps',
    version: 'v1',
    plural: 'replicasets',
    namespaced: true,
    schema: ReplicaSetSchema,
  },
  event: { kind: 'Event', group: '', version: 'v1', plural: 'events', namespaced: true, schema: EventSchema },
  gateway: {
    kind: 'Gateway',
    group: 'networking.istio.io',
    version: 'v1',
    plural: 'gateways',
    namespaced: true,
    schema: GatewaySchema,
  },
  horizontalPodAutoscaler: {
    kind: 'HorizontalPodAutoscaler',
    group: 'autoscaling',
    version: 'v2',
    plural: 'horizontalpodautoscalers',
    namespaced: true,
    schema: HorizontalPodAutoscalerSchema,
  },
} as const satisfies Record<string, ResourceKind>;

export type ResourceName = keyof typeof resourceKinds;
/** The parsed object type of a resource, inferred from its schema. */
export type ResourceObject<R extends ResourceName> = z.infer<(typeof resourceKinds)[R]['schema']>;

/** `plural.group` as RBAC rules and `kubectl get` spell it (`virtualservices.networking.istio.io`). */
export function qualifiedResource(resource: ResourceName): string {
  const { plural, group } = resourceKinds[resource];
  return group ? `${plural}.${group}` : plural;
}

/**
 * The resource name to give kubectl in advice: the bare plural for Kubernetes' own groups (no
 * ambiguity there), the group-qualified one for custom resources (`canaries` is both Flagger's
 * and, in some clusters, another project's).
 */
export function kubectlResourceName(resource: ResourceName): string {
  const { plural, group } = resourceKinds[resource];
  return group === '' || group === 'apps' || group.endsWith('k8s.io') ? plural : qualifiedResource(resource);
}

/** `group/version`, or `v1` for the core group, as `apiVersion:` spells it. */
export function apiVersionOf(resource: ResourceName): string {
  const { group, version } = resourceKinds[resource];
  return group ? `${group}/${version}` : version;
}

/** The REST path of a collection or one object: `/api/v1/namespaces/ns/pods/name`. */
export function resourcePath(resource: ResourceName, namespace?: string, name?: string): string {
  const r = resourceKinds[resource];
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = r.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${r.plural}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
}

/** The table row for a manifest's kind and apiVersion (group must match; version may differ). */
export function resourceOfManifest(kind: string, apiVersion: string | undefined): ResourceName | undefined {
  const group = apiVersion?.includes('/') ? apiVersion.split('/')[0] : '';
  for (const [name, r] of Object.entries(resourceKinds)) {
    if (r.kind === kind && (apiVersion === undefined || r.group === group)) return name as ResourceName;
  }
  return undefined;
}
