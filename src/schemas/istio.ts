import * as z from 'zod/mini';
import { ObjectMetaSchema } from './kube.ts';

// Istio's networking and security resources (v1), narrowed to the fields meshdoc reads: hosts,
// subsets, destinations and mTLS modes. Everything else passes through (loose objects). zod/mini,
// like every resource schema (see kube.ts).
const StringMap = z.record(z.string(), z.string());

const DestinationSchema = z.looseObject({
  host: z.string(),
  subset: z.nullish(z.string()),
  port: z.nullish(z.looseObject({ number: z.nullish(z.number()) })),
});

/** A string match (headers, uri): exactly one of exact, prefix, regex. */
const StringMatchSchema = z.looseObject({
  exact: z.nullish(z.string()),
  prefix: z.nullish(z.string()),
  regex: z.nullish(z.string()),
});

const HttpMatchSchema = z.looseObject({
  name: z.nullish(z.string()),
  headers: z.nullish(z.record(z.string(), StringMatchSchema)),
  uri: z.nullish(StringMatchSchema),
  gateways: z.nullish(z.array(z.string())),
  port: z.nullish(z.number()),
});
export type HttpMatch = z.infer<typeof HttpMatchSchema>;

const RouteSchema = z.looseObject({
  name: z.nullish(z.string()),
  /** Absent or empty: the route matches everything (a catch-all), so only the last may lack it. */
  match: z.nullish(z.array(HttpMatchSchema)),
  mirror: z.nullish(DestinationSchema),
  mirrorPercentage: z.nullish(z.looseObject({ value: z.nullish(z.number()) })),
  // A route entry without a destination passes Istio's schema (its analyzers' test data has one): kept, and skipped where read.
  route: z.nullish(
    z.array(z.looseObject({ destination: z.nullish(DestinationSchema), weight: z.nullish(z.number()) })),
  ),
});

export const VirtualServiceSchema = z.looseObject({
  kind: z.optional(z.literal('VirtualService')),
  metadata: ObjectMetaSchema,
  spec: z._default(
    z.looseObject({
      hosts: z.nullish(z.array(z.string())),
      gateways: z.nullish(z.array(z.string())),
      exportTo: z.nullish(z.array(z.string())),
      http: z.nullish(z.array(RouteSchema)),
      tcp: z.nullish(z.array(RouteSchema)),
      tls: z.nullish(z.array(RouteSchema)),
    }),
    {},
  ),
});
export type VirtualService = z.infer<typeof VirtualServiceSchema>;
export type VirtualServiceRoute = z.infer<typeof RouteSchema>;
export type RouteDestination = z.infer<typeof DestinationSchema>;

/** A Gateway: which ingress pods it configures and the hosts each server accepts. */
export const GatewaySchema = z.looseObject({
  kind: z.optional(z.literal('Gateway')),
  metadata: ObjectMetaSchema,
  spec: z._default(
    z.looseObject({
      selector: z.nullish(StringMap),
      servers: z.nullish(z.array(z.looseObject({ hosts: z.nullish(z.array(z.string())) }))),
    }),
    {},
  ),
});
export type Gateway = z.infer<typeof GatewaySchema>;

/** ClientTLSSettings: `mode` absent in a present `tls` is DISABLE (the proto's zero value). */
const ClientTlsSchema = z.looseObject({
  mode: z.nullish(z.string()),
  caCertificates: z.nullish(z.string()),
  credentialName: z.nullish(z.string()),
  sni: z.nullish(z.string()),
});
export type ClientTls = z.infer<typeof ClientTlsSchema>;

const PortTrafficPolicySchema = z.looseObject({
  port: z.nullish(z.looseObject({ number: z.nullish(z.number()) })),
  tls: z.nullish(ClientTlsSchema),
});

const TrafficPolicySchema = z.looseObject({
  tls: z.nullish(ClientTlsSchema),
  /** Per service port; an entry replaces the top-level policy for its port wholesale (tls included). */
  portLevelSettings: z.nullish(z.array(PortTrafficPolicySchema)),
});
export type TrafficPolicy = z.infer<typeof TrafficPolicySchema>;

export const DestinationRuleSchema = z.looseObject({
  kind: z.optional(z.literal('DestinationRule')),
  metadata: ObjectMetaSchema,
  spec: z._default(
    z.looseObject({
      host: z.nullish(z.string()),
      exportTo: z.nullish(z.array(z.string())),
      workloadSelector: z.nullish(z.looseObject({ matchLabels: z.nullish(StringMap) })),
      trafficPolicy: z.nullish(TrafficPolicySchema),
      subsets: z.nullish(
        z.array(
          z.looseObject({
            name: z.string(),
            labels: z.nullish(StringMap),
            trafficPolicy: z.nullish(TrafficPolicySchema),
          }),
        ),
      ),
    }),
    {},
  ),
});
export type DestinationRule = z.infer<typeof DestinationRuleSchema>;

const MtlsSchema = z.looseObject({ mode: z.nullish(z.string()) });

export const PeerAuthenticationSchema = z.looseObject({
  kind: z.optional(z.literal('PeerAuthentication')),
  metadata: ObjectMetaSchema,
  spec: z._default(
    z.looseObject({
      selector: z.nullish(z.looseObject({ matchLabels: z.nullish(StringMap) })),
      mtls: z.nullish(MtlsSchema),
      portLevelMtls: z.nullish(z.record(z.string(), MtlsSchema)),
    }),
    {},
  ),
});
export type PeerAuthentication = z.infer<typeof PeerAuthenticationSchema>;

export const ServiceEntrySchema = z.looseObject({
  kind: z.optional(z.literal('ServiceEntry')),
  metadata: ObjectMetaSchema,
  spec: z._default(
    z.looseObject({
      hosts: z.nullish(z.array(z.string())),
      exportTo: z.nullish(z.array(z.string())),
      workloadSelector: z.nullish(z.looseObject({ labels: z.nullish(StringMap) })),
    }),
    {},
  ),
});
export type ServiceEntry = z.infer<typeof ServiceEntrySchema>;
