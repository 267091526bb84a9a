import * as z from 'zod';
import { dynamicFields, MetadataSchema } from './common-schema.ts';

export const RouteMatchSchema = z.looseObject({
  prefix: z.string().optional(),
  path: z.string().optional(),
  path_separated_prefix: z.string().optional(),
  safe_regex: z.looseObject({ regex: z.string().optional() }).optional(),
});
export type RouteMatch = z.infer<typeof RouteMatchSchema>;

export const RouteSchema = z.looseObject({
  name: z.string().optional(),
  match: RouteMatchSchema.optional(),
  /** Only the `cluster` specifier matters to the tables; weighted clusters etc. stay loose. */
  route: z.looseObject({ cluster: z.string().optional() }).optional(),
  metadata: MetadataSchema.optional(),
});
export type Route = z.infer<typeof RouteSchema>;

export const VirtualHostSchema = z.looseObject({
  name: z.string().optional(),
  domains: z.array(z.string()).optional(),
  routes: z.array(RouteSchema).optional(),
});
export type VirtualHost = z.infer<typeof VirtualHostSchema>;

export const RouteConfigurationSchema = z.looseObject({
  name: z.string().optional(),
  virtual_hosts: z.array(VirtualHostSchema).optional(),
});
export type RouteConfiguration = z.infer<typeof RouteConfigurationSchema>;

export const StaticRouteConfigSchema = z.looseObject({
  route_config: RouteConfigurationSchema.optional(),
  last_updated: z.string().optional(),
});

export const DynamicRouteConfigSchema = z.looseObject({
  ...dynamicFields,
  route_config: RouteConfigurationSchema.optional(),
});
