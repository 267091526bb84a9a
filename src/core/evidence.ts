// The evidence contract: what a diagnosis looks at, gathered once, before any check runs.
// Each kind has one zod schema (src/evidence/evidence-schemas.ts) and one gatherer per source
// (src/gatherers/); checks only ever see this bundle.

/** Every kind of evidence meshdoc can gather. Adding one: see docs/architecture.md. */
export const evidenceKinds = [
  /** The target pod (for a workload target: a pod made from its template). */
  'pod',
  /** The target workload (Deployment, StatefulSet, DaemonSet) and its running pods. */
  'workload',
  'workloadPods',
  /** The target's namespace. */
  'namespace',
  /** All MutatingWebhookConfigurations (Istio's are picked out by webhook name). */
  'mutatingWebhooks',
  /** Istio injector ConfigMaps, by revision ("default" for the default revision). */
  'injectorConfigs',
  'services',
  'endpointSlices',
  'virtualServices',
  'destinationRules',
  'peerAuthentications',
  /** Istio's mesh settings (root namespace, auto-mTLS, trust domain) from the `istio` ConfigMap. */
  'meshConfig',
  /** PeerAuthentications in the mesh's root namespace (the mesh-wide mode). */
  'meshPeerAuthentications',
  /** DestinationRules in every namespace: a client's own, the service's and the root namespace's. */
  'meshDestinationRules',
  /** Per Service of the scope (the named one, or those selecting the target pod): its pods. */
  'servicePods',
  /** Every pod of the scope's namespace (labels: who selects what, and the near misses). */
  'namespacePods',
  /** The namespace's Deployments: a Service selecting only a template scaled to zero selects no pod by design. */
  'namespaceDeployments',
  /** Services, VirtualServices and ServiceEntries of every namespace (hosts resolve across namespaces). */
  'meshServices',
  'meshVirtualServices',
  'serviceEntries',
  'flaggerCanaries',
  'argoRollouts',
  /** The namespace's Argo AnalysisRuns (a Rollout's analysis measurements). */
  'analysisRuns',
  /** The namespace's ReplicaSets (Argo Rollouts' versions; a Deployment's rollout). */
  'replicaSets',
  /** The namespace's Events (Flagger's and Argo's decisions, pods' failures). */
  'events',
  /** Gateways of every namespace (a VirtualService may name one anywhere as `ns/name`). */
  'meshGateways',
  /** The namespace's HorizontalPodAutoscalers. */
  'hpas',
  /** The target pod's Envoy config dump (live through a port-forward, or --file). */
  'configDump',
] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

/** Why a kind of evidence is absent. Rendered as a "Could not check" note, never silently. */
export const missingReasons = [
  'forbidden',
  'not_found',
  'timeout',
  'unreachable',
  'tool_error',
  /** Offline: the --from files hold no object of this kind (the user did not save it). */
  'not_in_files',
  'malformed',
  /** A kind it depends on was itself missing. */
  'not_gathered',
] as const;
export type MissingReason = (typeof missingReasons)[number];
export type Missing = {
  readonly reason: MissingReason;
  readonly message: string;
  /** For `not_in_files`: the `kubectl get … -o yaml` that saves what is missing. */
  readonly saveWith?: string;
};

/**
 * How a command treats a kind's absence. `required`: the answer depends on it, so without it the
 * verdict is `unknown`. `optional`: offline, a kind the files do not hold counts as "none in the
 * cluster" (a Flagger Canary, a PeerAuthentication), and a note says so.
 */
export type Need = { readonly kind: EvidenceKind; readonly presence: 'required' | 'optional' };
