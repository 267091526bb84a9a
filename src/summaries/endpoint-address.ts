import type { Address } from '../schemas/envoy/common-schema.ts';
import type { LbEndpoint } from '../schemas/envoy/endpoint-schema.ts';

/** `ip:port`, a pipe path, or `envoy://<listener>/<id>` for internal addresses; `unknown` otherwise. */
export function edsAddress(address: Address | undefined): string {
  const socket = address?.socket_address;
  if (socket) return `${socket.address ?? ''}:${socket.port_value ?? 0}`;
  if (address?.pipe) return address.pipe.path ?? '';
  const internal = address?.envoy_internal_address;
  if (internal?.server_listener_name !== undefined)
    return `envoy://${internal.server_listener_name}/${internal.endpoint_id ?? ''}`;
  return 'unknown';
}

/** Primary and additional addresses of an EDS endpoint, formatted as above. */
export function edsAddresses(ep: LbEndpoint): string[] {
  return [ep.endpoint?.address, ...(ep.endpoint?.additional_addresses ?? []).map((a) => a.address)].map(
    edsAddress,
  );
}

export function edsPort(ep: LbEndpoint): number {
  return ep.endpoint?.address?.socket_address?.port_value ?? 0;
}
