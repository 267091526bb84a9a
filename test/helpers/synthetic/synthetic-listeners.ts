import { httpConnectionManager, inlineRoute, tcpProxy } from './synthetic-filters.ts';
import { clusterName, type SyntheticService, sdsConfig } from './synthetic-services.ts';

const listenerType = 'type.googleapis.com/envoy.config.listener.v3.Listener';
const address = (a: string, port: number) => ({ socket_address: { address: a, port_value: port } });
const passthrough = { filters: tcpProxy('PassthroughCluster'), name: 'PassthroughFilterChain' };

/** Outbound TCP services get a listener per VIP and port. */
export function tcpListener(s: SyntheticService): Record<string, unknown> {
  return {
    '@type': listenerType,
    name: `${s.vip}_${s.port}`,
    address: address(s.vip, s.port),
    filter_chains: [{ filters: tcpProxy(clusterName(s)) }],
    default_filter_chain: passthrough,
    listener_filters: [
      {
        name: 'envoy.filters.listener.tls_inspector',
        typed_config: {
          '@type': 'type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector',
        },
      },
    ],
    traffic_direction: 'OUTBOUND',
    bind_to_port: false,
  };
}

/** HTTP services share one 0.0.0.0 listener per port, routed by RDS config "<port>". */
export function httpListener(port: number): Record<string, unknown> {
  return {
    '@type': listenerType,
    name: `0.0.0.0_${port}`,
    address: address('0.0.0.0', port),
    filter_chains: [
      {
        filter_chain_match: { transport_protocol: 'raw_buffer', application_protocols: ['http/1.1', 'h2c'] },
        filters: [httpConnectionManager(`outbound_0.0.0.0_${port}`, { rds: String(port) })],
      },
    ],
    default_filter_chain: passthrough,
    traffic_direction: 'OUTBOUND',
    bind_to_port: false,
  };
}

export function virtualOutbound(): Record<string, unknown> {
  return {
    '@type': listenerType,
    name: 'virtualOutbound',
    address: address('0.0.0.0', 15001),
    filter_chains: [
      {
        filter_chain_match: { destination_port: 15001 },
        filters: tcpProxy('BlackHoleCluster'),
        name: 'virtualOutbound-blackhole',
      },
      { filters: tcpProxy('PassthroughCluster'), name: 'virtualOutbound-catchall-tcp' },
    ],
    use_original_dst: true,
    traffic_direction: 'OUTBOUND',
  };
}

/** The pod's own inbound listener: mTLS and plaintext chains per port, plus passthrough chains. */
export function virtualInbound(ports: readonly number[]): Record<string, unknown> {
  const tls = {
    transport_socket: {
      name: 'envoy.transport_sockets.tls',
      typed_config: {
        '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
        common_tls_context: {
          alpn_protocols: ['h2', 'http/1.1'],
          tls_certificate_sds_secret_configs: [sdsConfig('default')],
          combined_validation_context: {
            default_validation_context: {},
            validation_context_sds_secret_config: sdsConfig('ROOTCA'),
          },
        },
        require_client_certificate: true,
      },
    },
  };
  const chains: Record<string, unknown>[] = [
    {
      filter_chain_match: { destination_port: 15006 },
      filters: tcpProxy('BlackHoleCluster'),
      name: 'virtualInbound-blackhole',
    },
  ];
  for (const family of ['0.0.0.0', '::']) {
    chains.push({
      filter_chain_match: {
        prefix_ranges: [{ address_prefix: family, prefix_len: 0 }],
        transport_protocol: 'tls',
        application_protocols: ['istio-http/1.0', 'istio-http/1.1', 'istio-h2'],
      },
      filters: [
        httpConnectionManager('inbound_0.0.0.0_0', {
          inline: inlineRoute('inbound|http|0', 'InboundPassthroughCluster'),
        }),
      ],
      ...tls,
      name: 'virtualInbound-catchall-http',
    });
    chains.push({
      filter_chain_match: {
        prefix_ranges: [{ address_prefix: family, prefix_len: 0 }],
        transport_protocol: 'raw_buffer',
      },
      filters: tcpProxy('InboundPassthroughCluster'),
      name: 'virtualInbound',
    });
  }
  for (const port of ports) {
    const route = inlineRoute(`inbound|${port}||`, `inbound|${port}||`);
    chains.push({
      filter_chain_match: {
        destination_port: port,
        transport_protocol: 'tls',
        application_protocols: ['istio-http/1.0', 'istio-http/1.1', 'istio-h2'],
      },
      filters: [httpConnectionManager(`inbound_0.0.0.0_${port}`, { inline: route })],
      ...tls,
      name: `0.0.0.0_${port}`,
    });
    chains.push({
      filter_chain_match: {
        destination_port: port,
        transport_protocol: 'raw_buffer',
        application_protocols: ['http/1.1', 'h2c'],
      },
      filters: [httpConnectionManager(`inbound_0.0.0.0_${port}`, { inline: route })],
      name: `0.0.0.0_${port}`,
    });
  }
  return {
    '@type': listenerType,
    name: 'virtualInbound',
    address: address('0.0.0.0', 15006),
    filter_chains: chains,
    use_original_dst: true,
    traffic_direction: 'INBOUND',
  };
}

/** Static listeners from the bootstrap: Prometheus stats and the readiness probe. */
export function staticListeners(): Record<string, unknown>[] {
  return [
    {
      '@type': listenerType,
      address: address('0.0.0.0', 15090),
      filter_chains: [
        {
          filters: [
            httpConnectionManager('stats', {
              inline: inlineRoute('', 'prometheus_stats', '/stats/prometheus'),
            }),
          ],
        },
      ],
    },
    {
      '@type': listenerType,
      address: address('0.0.0.0', 15021),
      filter_chains: [
        { filters: [httpConnectionManager('agent', { inline: inlineRoute('', 'agent', '/healthz/ready') })] },
      ],
    },
  ];
}
