import * as z from 'zod';
import { AddressSchema, dynamicFields, Uint32Schema } from './common-schema.ts';
import { RouteConfigurationSchema } from './route-schema.ts';

export const FilterChainMatchSchema = z.looseObject({
  server_names: z.array(z.string()).optional(),
  transport_protocol: z.string().optional(),
  application_protocols: z.array(z.string()).optional(),
  destination_port: Uint32Schema.optional(),
  prefix_ranges: z
    .array(z.looseObject({ address_prefix: z.string().optional(), prefix_len: Uint32Schema.optional() }))
    .optional(),
});
export type FilterChainMatch = z.infer<typeof FilterChainMatchSchema>;

/** A network filter; its typed_config is read with the HCM/TCP schemas below only when needed. */
export const NetworkFilterSchema = z.looseObject({
  name: z.string().optional(),
  typed_config: z.looseObject({ '@type': z.string().optional() }).optional(),
});
export type NetworkFilter = z.infer<typeof NetworkFilterSchema>;

export const FilterChainSchema = z.looseObject({
  name: z.string().optional(),
  filter_chain_match: FilterChainMatchSchema.optional(),
  filters: z.array(NetworkFilterSchema).optional(),
});
export type FilterChain = z.infer<typeof FilterChainSchema>;

export const ListenerSchema = z.looseObject({
  name: z.string().optional(),
  address: AddressSchema.optional(),
  additional_addresses: z.array(z.looseObject({ address: AddressSchema.optional() })).optional(),
  filter_chains: z.array(FilterChainSchema).optional(),
  default_filter_chain: FilterChainSchema.optional(),
});
export type Listener = z.infer<typeof ListenerSchema>;

export const HttpConnectionManagerSchema = z.looseObject({
  rds: z.looseObject({ route_config_name: z.string().optional() }).optional(),
  route_config: RouteConfigurationSchema.optional(),
});

export const TcpProxySchema = z.looseObject({ cluster: z.string().optional() });

export const StaticListenerSchema = z.looseObject({
  listener: ListenerSchema.optional(),
  last_updated: z.string().optional(),
});

const ListenerStateSchema = z.looseObject({
  version_info: z.string().optional(),
  listener: ListenerSchema.optional(),
  last_updated: z.string().optional(),
});

export const DynamicListenerSchema = z.looseObject({
  name: z.string().optional(),
  active_state: ListenerStateSchema.optional(),
  warming_state: ListenerStateSchema.optional(),
  draining_state: ListenerStateSchema.optional(),
  error_state: dynamicFields.error_state,
  client_status: dynamicFields.client_status,
});
export type DynamicListener = z.infer<typeof DynamicListenerSchema>;
