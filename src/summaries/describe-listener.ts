import {
  type FilterChain,
  type FilterChainMatch,
  HttpConnectionManagerSchema,
  type Listener,
  type NetworkFilter,
  TcpProxySchema,
} from '../schemas/envoy/listener-schema.ts';
import { clusterLabel, describeRouteConfig } from './describe-route.ts';

// The listener columns of `istioctl proxy-config listeners` (istioctl/pkg/writer/envoy/configdump/listener.go).

const httpConnectionManager = 'envoy.filters.network.http_connection_manager';
const tcpProxy = 'envoy.filters.network.tcp_proxy';

export function listenerAddress(l: Listener): string {
  return l.address?.socket_address?.address ?? l.address?.pipe?.path ?? '';
}

export function listenerAdditionalAddresses(l: Listener): string[] {
  return (l.additional_addresses ?? []).map((a) => a.address?.socket_address?.address ?? '');
}

export function listenerPort(l: Listener): number {
  return l.address?.socket_address?.port_value ?? 0;
}

/** Filter chains plus the default chain, which istioctl lists last. */
export function filterChains(l: Listener): FilterChain[] {
  const chains = l.filter_chains ?? [];
  return l.default_filter_chain ? [...chains, l.default_filter_chain] : chains;
}

/** A TCP proxy to the black hole is how Istio blocks traffic, so it does not count as TCP. */
function isBlackHole(filter: NetworkFilter): boolean {
  return JSON.stringify(filter.typed_config ?? {}).includes('BlackHoleCluster');
}

/** HTTP, TCP, HTTP+TCP or UNKNOWN, from the filters of all chains. */
export function listenerType(l: Listener): string {
  let http = 0;
  let tcp = 0;
  for (const chain of filterChains(l)) {
    for (const filter of chain.filters ?? []) {
      if (filter.name === httpConnectionManager) http++;
      else if (filter.name === tcpProxy && !isBlackHole(filter)) tcp++;
    }
  }
  if (http > 0) return tcp === 0 ? 'HTTP' : 'HTTP+TCP';
  return tcp > 0 ? 'TCP' : 'UNKNOWN';
}

const namedProtocols: readonly (readonly [string, readonly string[]])[] = [
  ['App: HTTP TLS', ['http/1.0', 'http/1.1', 'h2c', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']],
  ['App: Istio HTTP Plain', ['istio', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2']],
  ['App: TCP TLS', ['istio-peer-exchange', 'istio']],
  ['App: HTTP', ['http/1.0', 'http/1.1', 'h2c']],
];

/** MATCH: SNI, transport, application protocols and destination of a chain's filter_chain_match, or ALL. */
export function describeChainMatch(match: FilterChainMatch | undefined): string {
  const m = match ?? {};
  const descrs: string[] = [];
  if (m.server_names?.length) descrs.push(`SNI: ${m.server_names.join(',')}`);
  if (m.transport_protocol) descrs.push(`Trans: ${m.transport_protocol}`);
  const protocols = m.application_protocols ?? [];
  if (protocols.length > 0) {
    const named = namedProtocols.find(
      ([, list]) => list.length === protocols.length && list.every((p, i) => p === protocols[i]),
    );
    descrs.push(named ? named[0] : `App: ${protocols.join(',')}`);
  }
  const port = m.destination_port !== undefined ? `:${m.destination_port}` : '';
  if (m.prefix_ranges?.length) {
    const ranges = m.prefix_ranges.map((p) => `${p.address_prefix ?? ''}/${p.prefix_len ?? 0}`);
    descrs.push(`Addr: ${ranges.join(',')}${port}`);
  } else if (port !== '') {
    descrs.push(`Addr: *${port}`);
  }
  return descrs.length === 0 ? 'ALL' : descrs.join('; ');
}

/** DESTINATION: where the chain's first HTTP connection manager or (non-blackhole) TCP proxy sends traffic. */
export function describeChainDestination(filters: readonly NetworkFilter[] | undefined): string {
  for (const filter of filters ?? []) {
    if (filter.name === httpConnectionManager) {
      const hcm = HttpConnectionManagerSchema.safeParse(filter.typed_config ?? {});
      if (!hcm.success) return 'HTTP (unreadable http_connection_manager config)';
      if (hcm.data.route_config) return describeRouteConfig(hcm.data.route_config);
      if (hcm.data.rds?.route_config_name) return `Route: ${hcm.data.rds.route_config_name}`;
      return 'HTTP';
    }
    if (filter.name === tcpProxy && !isBlackHole(filter)) {
      const tcp = TcpProxySchema.safeParse(filter.typed_config ?? {});
      if (!tcp.success) return 'TCP (unreadable tcp_proxy config)';
      return clusterLabel(tcp.data.cluster ?? '');
    }
  }
  return 'Non-HTTP/Non-TCP';
}
