import * as z from 'zod';

// Schemas describe only the fields meshdoc reads, all optional and loose: Envoy adds fields every
// release and proto JSON omits defaults, so absence is normal and unknown keys are kept, not errors.

/** proto3 JSON writes uint32 as numbers but parsers accept decimal strings; accept both. */
export const Uint32Schema = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);

export const SocketAddressSchema = z.looseObject({
  address: z.string().optional(),
  port_value: Uint32Schema.optional(),
});

export const AddressSchema = z.looseObject({
  socket_address: SocketAddressSchema.optional(),
  pipe: z.looseObject({ path: z.string().optional() }).optional(),
  envoy_internal_address: z
    .looseObject({ server_listener_name: z.string().optional(), endpoint_id: z.string().optional() })
    .optional(),
});
export type Address = z.infer<typeof AddressSchema>;

/** `metadata.filter_metadata.istio.config` names the Istio resource that produced a cluster or route. */
export const MetadataSchema = z.looseObject({
  filter_metadata: z.record(z.string(), z.unknown()).optional(),
});
export type Metadata = z.infer<typeof MetadataSchema>;

/** Envoy DataSource: certificate and key material, inline (bytes are base64 in JSON) or by file. */
export const DataSourceSchema = z.looseObject({
  inline_bytes: z.string().optional(),
  inline_string: z.string().optional(),
  filename: z.string().optional(),
});
export type DataSource = z.infer<typeof DataSourceSchema>;

/** Envoy's record of a rejected update (config dumps carry it on dynamic resources). */
export const UpdateFailureStateSchema = z.looseObject({
  details: z.string().optional(),
  last_update_attempt: z.string().optional(),
  version_info: z.string().optional(),
});
export type UpdateFailureState = z.infer<typeof UpdateFailureStateSchema>;

/** Fields every dynamic resource wrapper in a config dump may have. */
export const dynamicFields = {
  version_info: z.string().optional(),
  last_updated: z.string().optional(),
  error_state: UpdateFailureStateSchema.optional(),
  client_status: z.union([z.string(), z.number()]).optional(),
};

export { healthStatusNames } from './health-status-names.ts';

/** Enum fields may be written as names or numbers; Go prints unknown numbers as digits. */
export function enumName(value: string | number | undefined, names: readonly string[]): string {
  if (value === undefined) return names[0] ?? '';
  if (typeof value === 'string') return value;
  return names[value] ?? String(value);
}

/** `filter_metadata.istio.config`: undefined when absent, '' when present but not a string (as Go reads it). */
export function istioConfigPath(metadata: Metadata | undefined): string | undefined {
  const istio = metadata?.filter_metadata?.istio;
  if (typeof istio !== 'object' || istio === null || !('config' in istio)) return undefined;
  const config = (istio as Record<string, unknown>).config;
  return typeof config === 'string' ? config : '';
}
