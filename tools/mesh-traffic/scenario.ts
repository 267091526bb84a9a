import * as z from 'zod';

// The scenario model of the mesh-traffic stand-in: what traffic one Service of one namespace
// receives, per version and per caller, described as steady rates. The stand-in turns a scenario
// into Istio's standard metrics (istio_requests_total, istio_request_duration_milliseconds) with
// Istio's real label set, and advances the counters with wall time. This file is the whole model:
// the schema (validated on PUT /scenarios/<id>) and the types.

/** Envoy's response flags the routing layer sets (the canary doc's "locally generated failures"). */
export const RoutingFlagSchema = z.enum(['UH', 'NC', 'NR', 'UF', 'URX', 'UO']);
export type RoutingFlag = z.infer<typeof RoutingFlagSchema>;

/** A Kubernetes name (Service, workload, namespace). */
const Name = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a lowercase DNS name');
/** A label value (version, revision). */
const LabelValue = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, 'a Kubernetes label value');
const Share = z.number().min(0).max(1);

export const LatencySchema = z
  .strictObject({
    /** Median, in milliseconds. */
    p50: z.number().positive(),
    /** 99th percentile, in milliseconds (≥ p50). Latency is log-normal through these two. */
    p99: z.number().positive(),
  })
  .refine((l) => l.p99 >= l.p50, { message: 'p99 must be at least p50' });

export const VersionSchema = z.strictObject({
  /** The pods' version label: destination_version. */
  version: LabelValue,
  /** destination_workload (a Deployment's name: `reviews-v2`, Flagger's `<target>-primary`). */
  workload: Name,
  /** destination_canonical_revision; default: `version`. */
  canonicalRevision: LabelValue.optional(),
  /** Host-mode splits (Argo's canaryService/stableService): the Service this version is reached by. */
  service: Name.optional(),
  /** false: the version's pods have no sidecar, so there is no reporter="destination" series. */
  sidecar: z.boolean().default(true),
  /** Requests per second this version receives (from all callers together). 0: none, no series. */
  rps: z.number().min(0).max(100_000),
  /** Share of requests answered 5xx by the application (response_code = errorCode). */
  errorShare: Share.default(0),
  errorCode: z.number().int().min(500).max(599).default(500),
  /** Share of requests answered 4xx (response_code = 404). */
  clientErrorShare: Share.default(0),
  /** gRPC only: share of requests answered HTTP 200 with grpc-status `grpcErrorStatus`. */
  grpcErrorShare: Share.default(0),
  grpcErrorStatus: z
    .string()
    .regex(/^[0-9]{1,2}$/)
    .default('14'),
  latencyMs: LatencySchema.default({ p50: 20, p99: 80 }),
});
export type ScenarioVersion = z.infer<typeof VersionSchema>;

export const CallerSchema = z.strictObject({
  /** source_workload: `istio-ingressgateway`, `productpage-v1`, … */
  workload: Name,
  namespace: Name,
  /** source_app / source_canonical_service; default: `workload`. */
  app: LabelValue.optional(),
  /** source_version; default `unknown` (a gateway has none). */
  version: LabelValue.optional(),
  /**
   * false: the caller has no sidecar (outside the mesh). It then has no reporter="source" series,
   * and the callee's sidecar reports it with source labels `unknown` and no mTLS.
   */
  sidecar: z.boolean().default(true),
  /** This caller's share of every version's traffic, relative to the other callers'. */
  share: z.number().min(0).default(1),
  /** Per version label: this caller's share of that version's traffic (overrides `share`). */
  shareByVersion: z.record(z.string(), z.number().min(0)).optional(),
});
export type ScenarioCaller = z.infer<typeof CallerSchema>;

export const RoutingFailureSchema = z.strictObject({
  flag: RoutingFlagSchema,
  /** Failed requests per second, reported by the caller's proxy only (reporter="source"). */
  rps: z.number().positive().max(100_000),
  /**
   * The version the failing requests were routed to (UH: its subset has no healthy host, UF: its
   * pods refuse connections, …). Without it, or for NC and NR (no cluster, no route: nothing was
   * chosen), every destination workload label is `unknown`, as Istio reports them.
   */
  version: LabelValue.optional(),
  /** source_workload of the caller that sees the failures; default: the first caller with a sidecar. */
  caller: Name.optional(),
  responseCode: z.number().int().min(100).max(599).default(503),
});
export type RoutingFailure = z.infer<typeof RoutingFailureSchema>;

const ingressGateway = {
  workload: 'istio-ingressgateway',
  namespace: 'istio-system',
  app: 'istio-ingressgateway',
  sidecar: true,
  share: 1,
};

export const ScenarioSchema = z
  .strictObject({
    /** destination_workload_namespace, destination_service_namespace. */
    namespace: Name,
    /** destination_service_name (the Service every version is reached by, unless a version names its own). */
    service: Name,
    /** destination_app / destination_canonical_service; default: `service`. */
    app: LabelValue.optional(),
    protocol: z.enum(['http', 'grpc']).default('http'),
    /** source_cluster / destination_cluster. */
    cluster: LabelValue.default('Kubernetes'),
    versions: z.array(VersionSchema).min(1).max(10),
    callers: z.array(CallerSchema).min(1).max(10).default([ingressGateway]),
    routingFailures: z.array(RoutingFailureSchema).max(20).default([]),
  })
  .superRefine((scenario, ctx) => {
    const versions = new Set<string>();
    for (const [i, v] of scenario.versions.entries()) {
      if (versions.has(v.version)) {
        ctx.addIssue({
          code: 'custom',
          path: ['versions', i, 'version'],
          message: `version ${v.version} twice`,
        });
      }
      versions.add(v.version);
      if (v.errorShare + v.clientErrorShare + v.grpcErrorShare > 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['versions', i],
          message: 'the error shares add up to more than 1',
        });
      }
    }
    const callers = new Set<string>();
    for (const [i, c] of scenario.callers.entries()) {
      const key = `${c.namespace}/${c.workload}`;
      if (callers.has(key))
        ctx.addIssue({ code: 'custom', path: ['callers', i], message: `caller ${key} twice` });
      callers.add(key);
      for (const version of Object.keys(c.shareByVersion ?? {})) {
        if (!versions.has(version)) {
          ctx.addIssue({
            code: 'custom',
            path: ['callers', i, 'shareByVersion', version],
            message: `no version ${version}`,
          });
        }
      }
    }
    for (const [i, f] of scenario.routingFailures.entries()) {
      if (f.version !== undefined && !versions.has(f.version)) {
        ctx.addIssue({
          code: 'custom',
          path: ['routingFailures', i, 'version'],
          message: `no version ${f.version}`,
        });
      }
      const caller = f.caller
        ? scenario.callers.find((c) => c.workload === f.caller)
        : scenario.callers.find((c) => c.sidecar);
      if (!caller) {
        ctx.addIssue({
          code: 'custom',
          path: ['routingFailures', i, 'caller'],
          message: f.caller ? `no caller ${f.caller}` : 'no caller with a sidecar to report it',
        });
      } else if (!caller.sidecar) {
        ctx.addIssue({
          code: 'custom',
          path: ['routingFailures', i, 'caller'],
          message: `caller ${caller.workload} has no sidecar: nothing reports its routing failures`,
        });
      }
    }
  });

/** What a test writes (defaults may be left out). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
/** A validated scenario, every default filled in. */
export type Scenario = z.output<typeof ScenarioSchema>;

/** Istio's default buckets for istio_request_duration_milliseconds (ms). */
export const istioDurationBucketsMs = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000,
  3600000,
] as const;
