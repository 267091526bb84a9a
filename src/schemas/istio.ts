import * as z from 'zod';
import { ObjectMetaSchema } from './kube.ts';

// Istio's networking and security resources (v1), narrowed to the fields meshdoc reads: hosts,
// subsets, destinations and mTLS modes. Everything else passes through (loose objects).
const StringMap = z.record(z.string(), z.string());

const DestinationSchema = z.looseObject({
  host: z.string(),
  subset: z.string().nullish(),
  port: z.looseObject({ number: z.number().nullish() }).nullish(),
});

const RouteSchema = z.looseObject({
  name: z.string().nullish(),
  route: z.array(z.looseObject({ destination: DestinationSchema, weight: z.number().nullish() })).nullish(),
});

export const VirtualServiceSchema = z.looseObject({
  kind: z.literal('VirtualService').optional(),
  metadata: ObjectMetaSchema,
  spec: z
    .looseObject({
      hosts: z.array(z.string()).nullish(),
      gateways: z.array(z.string()).nullish(),
      exportTo: z.array(z.string()).nullish(),
      http: z.array(RouteSchema).nullish(),
      tcp: z.array(RouteSchema).nullish(),
      tls: z.array(RouteSchema).nullish(),
    })
    .default({}),
});
export type VirtualService = z.infer<typeof VirtualServiceSchema>;

const TrafficPolicySchema = z.looseObject({
  tls: z.looseObject({ mode: z.string().nullish() }).nullish(),
});

export const DestinationRuleSchema = z.looseObject({
  kind: z.literal('DestinationRule').optional(),
  metadata: ObjectMetaSchema,
  spec: z
    .looseObject({
      host: z.string().nullish(),
      exportTo: z.array(z.string()).nullish(),
      trafficPolicy: TrafficPolicySchema.nullish(),
      subsets: z
        .array(
          z.looseObject({
            name: z.string(),
            labels: StringMap.nullish(),
            trafficPolicy: TrafficPolicySchema.nullish(),
          }),
        )
        .nullish(),
    })
    .default({}),
});
export type DestinationRule = z.infer<typeof DestinationRuleSchema>;

const MtlsSchema = z.looseObject({ mode: z.string().nullish() });

export const PeerAuthenticationSchema = z.looseObject({
  kind: z.literal('PeerAuthentication').optional(),
  metadata: ObjectMetaSchema,
  spec: z
    .looseObject({
      selector: z.looseObject({ matchLabels: StringMap.nullish() }).nullish(),
      mtls: MtlsSchema.nullish(),
      portLevelMtls: z.record(z.string(), MtlsSchema).nullish(),
    })
    .default({}),
});
export type PeerAuthentication = z.infer<typeof PeerAuthenticationSchema>;
