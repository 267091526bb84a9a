import * as z from 'zod';
import { AddressSchema, dynamicFields } from './common-schema.ts';

export const LbEndpointSchema = z.looseObject({
  endpoint: z
    .looseObject({
      address: AddressSchema.optional(),
      additional_addresses: z.array(z.looseObject({ address: AddressSchema.optional() })).optional(),
    })
    .optional(),
  health_status: z.union([z.string(), z.number()]).optional(),
});
export type LbEndpoint = z.infer<typeof LbEndpointSchema>;

export const LocalityLbEndpointsSchema = z.looseObject({
  locality: z
    .looseObject({
      region: z.string().optional(),
      zone: z.string().optional(),
      sub_zone: z.string().optional(),
    })
    .optional(),
  lb_endpoints: z.array(LbEndpointSchema).optional(),
});
export type LocalityLbEndpoints = z.infer<typeof LocalityLbEndpointsSchema>;

export const ClusterLoadAssignmentSchema = z.looseObject({
  cluster_name: z.string().optional(),
  endpoints: z.array(LocalityLbEndpointsSchema).optional(),
});
export type ClusterLoadAssignment = z.infer<typeof ClusterLoadAssignmentSchema>;

export const EndpointConfigSchema = z.looseObject({
  ...dynamicFields,
  endpoint_config: ClusterLoadAssignmentSchema.optional(),
});

/** One host in Envoy's `/clusters?format=json` output. */
export const HostStatusSchema = z.looseObject({
  address: AddressSchema.optional(),
  health_status: z
    .looseObject({
      eds_health_status: z.union([z.string(), z.number()]).optional(),
      failed_outlier_check: z.boolean().optional(),
    })
    .optional(),
});
export type HostStatus = z.infer<typeof HostStatusSchema>;

export const ClusterStatusSchema = z.looseObject({
  name: z.string().optional(),
  host_statuses: z.array(HostStatusSchema).optional(),
});
export type ClusterStatus = z.infer<typeof ClusterStatusSchema>;
