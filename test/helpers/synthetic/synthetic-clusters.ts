import { clusterName, type SyntheticService, sdsConfig } from './synthetic-services.ts';

const maxInt = 4294967295;

/** An outbound EDS cluster as istiod generates it (mTLS transport socket match, circuit breakers…). */
export function outboundCluster(s: SyntheticService, subset = ''): Record<string, unknown> {
  const name = clusterName(s, subset);
  const istio: Record<string, unknown> = {
    services: [{ host: s.fqdn, name: s.name, namespace: s.namespace }],
    default_original_port: s.port,
  };
  if (s.subsets.length > 0)
    istio.config = `/apis/networking.istio.io/v1/namespaces/${s.namespace}/destination-rule/${s.name}`;
  if (subset) istio.subset = subset;
  return {
    '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
    name,
    type: 'EDS',
    eds_cluster_config: {
      eds_config: { ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' },
      service_name: name,
    },
    connect_timeout: '10s',
    lb_policy: 'LEAST_REQUEST',
    circuit_breakers: {
      thresholds: [
        {
          max_connections: maxInt,
          max_pending_requests: maxInt,
          max_requests: maxInt,
          max_retries: maxInt,
          track_remaining: true,
        },
      ],
    },
    common_lb_config: { locality_weighted_lb_config: {} },
    metadata: { filter_metadata: { istio } },
    filters: [
      {
        name: 'istio.metadata_exchange',
        typed_config: {
          '@type': 'type.googleapis.com/envoy.tcp.metadataexchange.config.MetadataExchange',
          protocol: 'istio-peer-exchange',
          enable_discovery: true,
        },
      },
    ],
    transport_socket_matches: [
      {
        name: 'tlsMode-istio',
        match: { tlsMode: 'istio' },
        transport_socket: {
          name: 'envoy.transport_sockets.tls',
          typed_config: {
            '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
            common_tls_context: {
              tls_params: {
                tls_minimum_protocol_version: 'TLSv1_2',
                tls_maximum_protocol_version: 'TLSv1_3',
              },
              alpn_protocols: ['istio-peer-exchange', 'istio'],
              tls_certificate_sds_secret_configs: [sdsConfig('default')],
              combined_validation_context: {
                default_validation_context: {
                  match_subject_alt_names: [
                    { exact: `spiffe://cluster.local/ns/${s.namespace}/sa/${s.name}` },
                  ],
                },
                validation_context_sds_secret_config: sdsConfig('ROOTCA'),
              },
            },
            sni: `outbound_.${s.port}_.${subset || '_'}_.${s.fqdn}`,
          },
        },
      },
      {
        name: 'tlsMode-disabled',
        match: {},
        transport_socket: {
          name: 'envoy.transport_sockets.raw_buffer',
          typed_config: {
            '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer',
          },
        },
      },
    ],
  };
}

/** The EDS assignment for a cluster; a few endpoints are unhealthy or draining, as in real meshes. */
export function loadAssignment(
  s: SyntheticService,
  subset: string,
  random: () => number,
): Record<string, unknown> {
  const zones = ['us-east1-b', 'us-east1-c', 'us-east1-d'];
  const endpoints = s.endpoints.map((address, i) => {
    const roll = random();
    return {
      locality: { region: 'us-east1', zone: zones[i % zones.length] },
      lb_endpoints: [
        {
          endpoint: { address: { socket_address: { address, port_value: s.port } }, health_check_config: {} },
          health_status: roll < 0.02 ? 'UNHEALTHY' : roll < 0.03 ? 'DRAINING' : 'HEALTHY',
          metadata: {
            filter_metadata: {
              'envoy.transport_socket_match': { tlsMode: 'istio' },
              istio: {
                workload: `${s.name}-${subset || 'v1'};${s.namespace};${s.name};${subset || 'v1'};Kubernetes`,
              },
            },
          },
          load_balancing_weight: 1,
        },
      ],
      load_balancing_weight: 1,
    };
  });
  return {
    '@type': 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
    cluster_name: clusterName(s, subset),
    endpoints,
    policy: { overprovisioning_factor: 140 },
  };
}

/** The clusters every sidecar has besides its services'. */
export function specialClusters(): Record<string, unknown>[] {
  const type = 'type.googleapis.com/envoy.config.cluster.v3.Cluster';
  return [
    { '@type': type, name: 'BlackHoleCluster', type: 'STATIC', connect_timeout: '10s' },
    {
      '@type': type,
      name: 'PassthroughCluster',
      type: 'ORIGINAL_DST',
      connect_timeout: '10s',
      lb_policy: 'CLUSTER_PROVIDED',
      circuit_breakers: {
        thresholds: [
          {
            max_connections: maxInt,
            max_pending_requests: maxInt,
            max_requests: maxInt,
            max_retries: maxInt,
            track_remaining: true,
          },
        ],
      },
    },
    {
      '@type': type,
      name: 'InboundPassthroughCluster',
      type: 'ORIGINAL_DST',
      connect_timeout: '10s',
      lb_policy: 'CLUSTER_PROVIDED',
      upstream_bind_config: { source_address: { address: '127.0.0.6', port_value: 0 } },
    },
    {
      '@type': type,
      name: 'inbound|9080||',
      type: 'ORIGINAL_DST',
      connect_timeout: '10s',
      lb_policy: 'CLUSTER_PROVIDED',
      metadata: {
        filter_metadata: {
          istio: {
            services: [
              { host: 'productpage.default.svc.cluster.local', name: 'productpage', namespace: 'default' },
            ],
          },
        },
      },
    },
  ];
}
