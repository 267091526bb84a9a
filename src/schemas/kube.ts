import * as z from 'zod';

// Narrowed views of Kubernetes objects: only the fields meshdoc reads are checked; everything
// else passes through untouched (loose objects), so partial fixtures and newer API versions work.
// @kubernetes/client-node hands timestamps over as Date objects, YAML files as strings; both
// become ISO strings here.
const Timestamp = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString() : new Date(v).toISOString()));

const StringMap = z.record(z.string(), z.string());

export const ManagedFieldsEntrySchema = z.looseObject({
  manager: z.string().optional(),
  operation: z.string().optional(),
  time: Timestamp.optional(),
  fieldsV1: z.unknown().optional(),
});

export const ObjectMetaSchema = z.looseObject({
  name: z.string(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  labels: StringMap.nullish().transform((v) => v ?? {}),
  annotations: StringMap.nullish().transform((v) => v ?? {}),
  creationTimestamp: Timestamp.optional(),
  managedFields: z.array(ManagedFieldsEntrySchema).nullish(),
  ownerReferences: z
    .array(z.looseObject({ kind: z.string(), name: z.string(), controller: z.boolean().optional() }))
    .nullish(),
});
export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

export const ContainerSchema = z.looseObject({
  name: z.string(),
  image: z.string().optional(),
  restartPolicy: z.string().optional(),
});
export type Container = z.infer<typeof ContainerSchema>;

const ContainerStateDetail = z.looseObject({ reason: z.string().nullish(), message: z.string().nullish() });
/** Enough of a container's status to tell whether the proxy in it can answer. */
export const ContainerStatusSchema = z.looseObject({
  name: z.string(),
  ready: z.boolean().nullish(),
  state: z
    .looseObject({
      running: z.looseObject({}).nullish(),
      waiting: ContainerStateDetail.nullish(),
      terminated: ContainerStateDetail.nullish(),
    })
    .nullish(),
});
export type ContainerStatus = z.infer<typeof ContainerStatusSchema>;

export const PodSpecSchema = z.looseObject({
  hostNetwork: z.boolean().nullish(),
  nodeName: z.string().nullish(),
  containers: z.array(ContainerSchema).default([]),
  initContainers: z.array(ContainerSchema).nullish(),
});

export const PodSchema = z.looseObject({
  kind: z.literal('Pod').optional(),
  metadata: ObjectMetaSchema,
  spec: PodSpecSchema.default({ containers: [] }),
  status: z
    .looseObject({
      phase: z.string().optional(),
      containerStatuses: z.array(ContainerStatusSchema).nullish(),
      initContainerStatuses: z.array(ContainerStatusSchema).nullish(),
    })
    .nullish(),
});
export type Pod = z.infer<typeof PodSchema>;

export const NamespaceSchema = z.looseObject({
  kind: z.literal('Namespace').optional(),
  metadata: ObjectMetaSchema,
});
export type Namespace = z.infer<typeof NamespaceSchema>;

export const LabelSelectorRequirementSchema = z.looseObject({
  key: z.string(),
  operator: z.string(),
  values: z.array(z.string()).nullish(),
});
export type LabelSelectorRequirement = z.infer<typeof LabelSelectorRequirementSchema>;

export const LabelSelectorSchema = z.looseObject({
  matchLabels: StringMap.nullish(),
  matchExpressions: z.array(LabelSelectorRequirementSchema).nullish(),
});
export type LabelSelector = z.infer<typeof LabelSelectorSchema>;

export const WebhookSchema = z.looseObject({
  name: z.string(),
  clientConfig: z
    .looseObject({
      url: z.string().nullish(),
      service: z
        .looseObject({ name: z.string(), namespace: z.string(), path: z.string().nullish() })
        .nullish(),
    })
    .default({}),
  namespaceSelector: LabelSelectorSchema.nullish(),
  objectSelector: LabelSelectorSchema.nullish(),
  failurePolicy: z.string().nullish(),
  rules: z
    .array(
      z.looseObject({
        operations: z.array(z.string()).nullish(),
        resources: z.array(z.string()).nullish(),
        apiGroups: z.array(z.string()).nullish(),
      }),
    )
    .nullish(),
});
export type Webhook = z.infer<typeof WebhookSchema>;

export const MutatingWebhookConfigurationSchema = z.looseObject({
  kind: z.literal('MutatingWebhookConfiguration').optional(),
  metadata: ObjectMetaSchema,
  webhooks: z
    .array(WebhookSchema)
    .nullish()
    .transform((v) => v ?? []),
});
export type MutatingWebhookConfiguration = z.infer<typeof MutatingWebhookConfigurationSchema>;

export const ConfigMapSchema = z.looseObject({
  kind: z.literal('ConfigMap').optional(),
  metadata: ObjectMetaSchema,
  data: StringMap.nullish().transform((v) => v ?? {}),
});
export type ConfigMap = z.infer<typeof ConfigMapSchema>;

export const DeploymentSchema = z.looseObject({
  kind: z.string().optional(),
  metadata: ObjectMetaSchema,
  spec: z.looseObject({
    replicas: z.number().nullish(),
    selector: LabelSelectorSchema.default({}),
    template: z.looseObject({
      metadata: ObjectMetaSchema.partial({ name: true }).default({ labels: {}, annotations: {} }),
      spec: PodSpecSchema.default({ containers: [] }),
    }),
  }),
  status: z
    .looseObject({
      replicas: z.number().nullish(),
      readyReplicas: z.number().nullish(),
      conditions: z
        .array(z.looseObject({ type: z.string(), status: z.string(), message: z.string().nullish() }))
        .nullish(),
    })
    .nullish(),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

const ServicePortSchema = z.looseObject({
  name: z.string().nullish(),
  port: z.number(),
  targetPort: z.union([z.number(), z.string()]).nullish(),
  protocol: z.string().nullish(),
  appProtocol: z.string().nullish(),
});

export const ServiceSchema = z.looseObject({
  kind: z.literal('Service').optional(),
  metadata: ObjectMetaSchema,
  spec: z
    .looseObject({
      selector: StringMap.nullish(),
      ports: z.array(ServicePortSchema).nullish(),
      type: z.string().nullish(),
      clusterIP: z.string().nullish(),
    })
    .default({}),
});
export type Service = z.infer<typeof ServiceSchema>;

export const EndpointSliceSchema = z.looseObject({
  kind: z.literal('EndpointSlice').optional(),
  metadata: ObjectMetaSchema,
  addressType: z.string().nullish(),
  endpoints: z
    .array(
      z.looseObject({
        addresses: z.array(z.string()).default([]),
        conditions: z.looseObject({ ready: z.boolean().nullish() }).nullish(),
        targetRef: z.looseObject({ kind: z.string().nullish(), name: z.string().nullish() }).nullish(),
      }),
    )
    .nullish()
    .transform((v) => v ?? []),
  ports: z.array(ServicePortSchema.partial({ port: true })).nullish(),
});
export type EndpointSlice = z.infer<typeof EndpointSliceSchema>;
