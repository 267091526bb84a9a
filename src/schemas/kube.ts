import * as z from 'zod/mini';

// Narrowed views of Kubernetes objects: only the fields meshdoc reads are checked; everything
// else passes through untouched (loose objects), so partial fixtures and newer API versions work.
// @kubernetes/client-node hands timestamps over as Date objects, YAML files as strings; both
// become ISO strings here.
//
// Written with zod/mini (functional wrappers instead of methods): these schemas are built on
// every live command and parse every object it reads, and the mini build costs a fraction of
// the classic one to construct and to run cold (`npm run bench -- cli-start`).
/** A timestamp as a Date (client-node) or a string (YAML, JSON), always an ISO string here. */
export const Timestamp = z.pipe(
  z.union([z.string(), z.date()]),
  z.transform((v) => (v instanceof Date ? v.toISOString() : new Date(v).toISOString())),
);

const StringMap = z.record(z.string(), z.string());
const defaultEmpty = z.transform((v: Record<string, string> | null | undefined) => v ?? {});

export const ManagedFieldsEntrySchema = z.looseObject({
  manager: z.optional(z.string()),
  operation: z.optional(z.string()),
  time: z.optional(Timestamp),
  fieldsV1: z.optional(z.unknown()),
});

export const ObjectMetaSchema = z.looseObject({
  name: z.string(),
  namespace: z.optional(z.string()),
  uid: z.optional(z.string()),
  labels: z.pipe(z.nullish(StringMap), defaultEmpty),
  annotations: z.pipe(z.nullish(StringMap), defaultEmpty),
  creationTimestamp: z.optional(Timestamp),
  managedFields: z.nullish(z.array(ManagedFieldsEntrySchema)),
  ownerReferences: z.nullish(
    z.array(z.looseObject({ kind: z.string(), name: z.string(), controller: z.optional(z.boolean()) })),
  ),
});
export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

export const ContainerSchema = z.looseObject({
  name: z.string(),
  image: z.optional(z.string()),
  restartPolicy: z.optional(z.string()),
  /** A Service's named targetPort resolves through these (tls-check). */
  ports: z.nullish(
    z.array(
      z.looseObject({
        name: z.nullish(z.string()),
        containerPort: z.number(),
        protocol: z.nullish(z.string()),
      }),
    ),
  ),
});
export type Container = z.infer<typeof ContainerSchema>;

const ContainerStateDetail = z.looseObject({ reason: z.nullish(z.string()), message: z.nullish(z.string()) });
/** Enough of a container's status to tell whether the proxy in it can answer. */
export const ContainerStatusSchema = z.looseObject({
  name: z.string(),
  ready: z.nullish(z.boolean()),
  state: z.nullish(
    z.looseObject({
      running: z.nullish(z.looseObject({})),
      waiting: z.nullish(ContainerStateDetail),
      terminated: z.nullish(ContainerStateDetail),
    }),
  ),
  restartCount: z.nullish(z.number()),
  lastState: z.nullish(z.looseObject({ terminated: z.nullish(ContainerStateDetail) })),
});
export type ContainerStatus = z.infer<typeof ContainerStatusSchema>;

export const PodSpecSchema = z.looseObject({
  hostNetwork: z.nullish(z.boolean()),
  nodeName: z.nullish(z.string()),
  containers: z._default(z.array(ContainerSchema), []),
  initContainers: z.nullish(z.array(ContainerSchema)),
});

export const PodSchema = z.looseObject({
  kind: z.optional(z.literal('Pod')),
  metadata: ObjectMetaSchema,
  spec: z._default(PodSpecSchema, { containers: [] }),
  status: z.nullish(
    z.looseObject({
      phase: z.optional(z.string()),
      containerStatuses: z.nullish(z.array(ContainerStatusSchema)),
      initContainerStatuses: z.nullish(z.array(ContainerStatusSchema)),
    }),
  ),
});
export type Pod = z.infer<typeof PodSchema>;

export const NamespaceSchema = z.looseObject({
  kind: z.optional(z.literal('Namespace')),
  metadata: ObjectMetaSchema,
});
export type Namespace = z.infer<typeof NamespaceSchema>;

export const LabelSelectorRequirementSchema = z.looseObject({
  key: z.string(),
  operator: z.string(),
  values: z.nullish(z.array(z.string())),
});
export type LabelSelectorRequirement = z.infer<typeof LabelSelectorRequirementSchema>;

export const LabelSelectorSchema = z.looseObject({
  matchLabels: z.nullish(StringMap),
  matchExpressions: z.nullish(z.array(LabelSelectorRequirementSchema)),
});
export type LabelSelector = z.infer<typeof LabelSelectorSchema>;

export const WebhookSchema = z.looseObject({
  name: z.string(),
  clientConfig: z._default(
    z.looseObject({
      url: z.nullish(z.string()),
      service: z.nullish(
        z.looseObject({ name: z.string(), namespace: z.string(), path: z.nullish(z.string()) }),
      ),
    }),
    {},
  ),
  namespaceSelector: z.nullish(LabelSelectorSchema),
  objectSelector: z.nullish(LabelSelectorSchema),
  failurePolicy: z.nullish(z.string()),
  rules: z.nullish(
    z.array(
      z.looseObject({
        operations: z.nullish(z.array(z.string())),
        resources: z.nullish(z.array(z.string())),
        apiGroups: z.nullish(z.array(z.string())),
      }),
    ),
  ),
});
export type Webhook = z.infer<typeof WebhookSchema>;

export const MutatingWebhookConfigurationSchema = z.looseObject({
  kind: z.optional(z.literal('MutatingWebhookConfiguration')),
  metadata: ObjectMetaSchema,
  webhooks: z.pipe(
    z.nullish(z.array(WebhookSchema)),
    z.transform((v: Webhook[] | null | undefined) => v ?? []),
  ),
});
export type MutatingWebhookConfiguration = z.infer<typeof MutatingWebhookConfigurationSchema>;

export const ConfigMapSchema = z.looseObject({
  kind: z.optional(z.literal('ConfigMap')),
  metadata: ObjectMetaSchema,
  data: z.pipe(z.nullish(StringMap), defaultEmpty),
});
export type ConfigMap = z.infer<typeof ConfigMapSchema>;

export const DeploymentSchema = z.looseObject({
  kind: z.optional(z.string()),
  metadata: ObjectMetaSchema,
  spec: z.looseObject({
    replicas: z.nullish(z.number()),
    selector: z._default(LabelSelectorSchema, {}),
    template: z.looseObject({
      metadata: z._default(z.partial(ObjectMetaSchema, { name: true }), { labels: {}, annotations: {} }),
      spec: z._default(PodSpecSchema, { containers: [] }),
    }),
  }),
  status: z.nullish(
    z.looseObject({
      replicas: z.nullish(z.number()),
      readyReplicas: z.nullish(z.number()),
      availableReplicas: z.nullish(z.number()),
      updatedReplicas: z.nullish(z.number()),
      conditions: z.nullish(
        z.array(
          z.looseObject({
            type: z.string(),
            status: z.string(),
            reason: z.nullish(z.string()),
            message: z.nullish(z.string()),
            lastUpdateTime: z.nullish(Timestamp),
            lastTransitionTime: z.nullish(Timestamp),
          }),
        ),
      ),
    }),
  ),
});
export type Deployment = z.infer<typeof DeploymentSchema>;

/** A ReplicaSet (Argo Rollouts' versions are ReplicaSets labelled rollouts-pod-template-hash). */
export const ReplicaSetSchema = DeploymentSchema;
export type ReplicaSet = Deployment;

/** A core/v1 Event about one object (Flagger's and Argo's decisions are written as events). */
export const EventSchema = z.looseObject({
  kind: z.optional(z.literal('Event')),
  metadata: ObjectMetaSchema,
  involvedObject: z._default(
    z.looseObject({
      kind: z.nullish(z.string()),
      name: z.nullish(z.string()),
      namespace: z.nullish(z.string()),
    }),
    {},
  ),
  reason: z.nullish(z.string()),
  message: z.nullish(z.string()),
  type: z.nullish(z.string()),
  count: z.nullish(z.number()),
  firstTimestamp: z.nullish(Timestamp),
  lastTimestamp: z.nullish(Timestamp),
  eventTime: z.nullish(Timestamp),
});
export type KubeEvent = z.infer<typeof EventSchema>;

/** autoscaling/v2 HorizontalPodAutoscaler: which workload it scales and whether it is mid-change. */
export const HorizontalPodAutoscalerSchema = z.looseObject({
  kind: z.optional(z.literal('HorizontalPodAutoscaler')),
  metadata: ObjectMetaSchema,
  spec: z._default(
    z.looseObject({
      scaleTargetRef: z.nullish(z.looseObject({ kind: z.nullish(z.string()), name: z.string() })),
    }),
    {},
  ),
  status: z.nullish(
    z.looseObject({ currentReplicas: z.nullish(z.number()), desiredReplicas: z.nullish(z.number()) }),
  ),
});
export type HorizontalPodAutoscaler = z.infer<typeof HorizontalPodAutoscalerSchema>;

const ServicePortSchema = z.looseObject({
  name: z.nullish(z.string()),
  port: z.number(),
  targetPort: z.nullish(z.union([z.number(), z.string()])),
  protocol: z.nullish(z.string()),
  appProtocol: z.nullish(z.string()),
});

export const ServiceSchema = z.looseObject({
  kind: z.optional(z.literal('Service')),
  metadata: ObjectMetaSchema,
  spec: z._default(
    z.looseObject({
      selector: z.nullish(StringMap),
      ports: z.nullish(z.array(ServicePortSchema)),
      type: z.nullish(z.string()),
      clusterIP: z.nullish(z.string()),
    }),
    {},
  ),
});
export type Service = z.infer<typeof ServiceSchema>;

const EndpointSchema = z.looseObject({
  addresses: z._default(z.array(z.string()), []),
  conditions: z.nullish(z.looseObject({ ready: z.nullish(z.boolean()) })),
  targetRef: z.nullish(z.looseObject({ kind: z.nullish(z.string()), name: z.nullish(z.string()) })),
});

export const EndpointSliceSchema = z.looseObject({
  kind: z.optional(z.literal('EndpointSlice')),
  metadata: ObjectMetaSchema,
  addressType: z.nullish(z.string()),
  endpoints: z.pipe(
    z.nullish(z.array(EndpointSchema)),
    z.transform((v: z.infer<typeof EndpointSchema>[] | null | undefined) => v ?? []),
  ),
  ports: z.nullish(z.array(z.partial(ServicePortSchema, { port: true }))),
});
export type EndpointSlice = z.infer<typeof EndpointSliceSchema>;
