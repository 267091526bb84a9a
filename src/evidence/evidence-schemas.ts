import * as z from 'zod/mini';
import type { EvidenceKind } from '../core/evidence.ts';
import type { ConfigDump } from '../envoy/config-dump.ts';
import { workloadKinds } from '../kube/kube-reader.ts';
import { InjectorConfigSchema } from '../schemas/injector-config.ts';
import {
  DestinationRuleSchema,
  GatewaySchema,
  PeerAuthenticationSchema,
  ServiceEntrySchema,
  VirtualServiceSchema,
} from '../schemas/istio.ts';
import {
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
import { MeshSettingsSchema } from '../schemas/mesh-config.ts';
import { AnalysisRunSchema, ArgoRolloutSchema, FlaggerCanarySchema } from '../schemas/rollouts.ts';

/** Per-item outcome inside one kind (one injector ConfigMap per revision may fail alone). */
const gatheredOf = <S extends z.core.$ZodType>(schema: S) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value: schema }),
    z.object({ ok: z.literal(false), reason: z.string() }),
  ]);

/** What a saved dump keeps: where it came from and its size, never its bytes (secrets, megabytes). */
export const ConfigDumpRefSchema = z.object({
  source: z.enum(['file', 'attached', 'live']),
  /** The path, attachment name or `<namespace>/<pod>`. */
  name: z.string(),
  bytes: z.number(),
  format: z.enum(['config_dump', 'clusters']),
  /** For report headers: `files:<path>`, `attached:<name>` or the kube context. */
  cluster: z.string(),
  target: z.string(),
});
export type ConfigDumpRef = z.infer<typeof ConfigDumpRefSchema>;

const ConfigDumpEvidenceSchema = z.object({
  ref: ConfigDumpRefSchema,
  dump: z.custom<ConfigDump>((v) => typeof v === 'object' && v !== null && 'buffer' in v),
});

/** The one schema per evidence kind: gathered values are parsed through it, saved files too. */
export const evidenceSchemas = {
  pod: PodSchema,
  workload: z.object({ kind: z.enum(workloadKinds), object: DeploymentSchema }),
  workloadPods: z.array(PodSchema),
  namespace: NamespaceSchema,
  mutatingWebhooks: z.array(MutatingWebhookConfigurationSchema),
  injectorConfigs: z.record(z.string(), gatheredOf(InjectorConfigSchema)),
  services: z.array(ServiceSchema),
  endpointSlices: z.array(EndpointSliceSchema),
  virtualServices: z.array(VirtualServiceSchema),
  destinationRules: z.array(DestinationRuleSchema),
  peerAuthentications: z.array(PeerAuthenticationSchema),
  meshConfig: MeshSettingsSchema,
  meshPeerAuthentications: z.array(PeerAuthenticationSchema),
  meshDestinationRules: z.array(DestinationRuleSchema),
  servicePods: z.record(z.string(), z.array(PodSchema)),
  namespacePods: z.array(PodSchema),
  namespaceDeployments: z.array(DeploymentSchema),
  meshServices: z.array(ServiceSchema),
  meshVirtualServices: z.array(VirtualServiceSchema),
  serviceEntries: z.array(ServiceEntrySchema),
  flaggerCanaries: z.array(FlaggerCanarySchema),
  argoRollouts: z.array(ArgoRolloutSchema),
  analysisRuns: z.array(AnalysisRunSchema),
  replicaSets: z.array(ReplicaSetSchema),
  events: z.array(EventSchema),
  meshGateways: z.array(GatewaySchema),
  hpas: z.array(HorizontalPodAutoscalerSchema),
  configDump: ConfigDumpEvidenceSchema,
} as const satisfies Record<EvidenceKind, z.core.$ZodType>;

/** The value type of each evidence kind. */
export type EvidenceValues = { [K in EvidenceKind]: z.infer<(typeof evidenceSchemas)[K]> };
