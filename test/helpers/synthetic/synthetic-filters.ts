// Network and HTTP filters as istiod writes them; they make up most of a listener's bytes.

const accessLog = [
  {
    name: 'envoy.access_loggers.file',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog',
      path: '/dev/stdout',
      log_format: {
        text_format_source: {
          inline_string:
            '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER% %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n',
        },
      },
    },
  },
];

const stats = (reporter?: string) => ({
  name: 'istio.stats',
  typed_config: {
    '@type': 'type.googleapis.com/udpa.type.v1.TypedStruct',
    type_url: 'type.googleapis.com/stats.PluginConfig',
    value: reporter ? { reporter } : {},
  },
});

export function tcpProxy(cluster: string, statPrefix = cluster): Record<string, unknown>[] {
  return [
    stats(),
    {
      name: 'envoy.filters.network.tcp_proxy',
      typed_config: {
        '@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
        stat_prefix: statPrefix,
        cluster,
        access_log: accessLog,
      },
    },
  ];
}

const tag = (name: string, value: string) => ({ tag: name, literal: { value } });

/** An HTTP connection manager with RDS or an inline route configuration. */
export function httpConnectionManager(
  statPrefix: string,
  route: { rds: string } | { inline: Record<string, unknown> },
): Record<string, unknown> {
  const routing =
    'rds' in route
      ? {
          rds: {
            config_source: { ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' },
            route_config_name: route.rds,
          },
        }
      : { route_config: route.inline };
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: {
      '@type':
        'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
      stat_prefix: statPrefix,
      ...routing,
      http_filters: [
        {
          name: 'istio.metadata_exchange',
          typed_config: {
            '@type': 'type.googleapis.com/udpa.type.v1.TypedStruct',
            type_url: 'type.googleapis.com/io.istio.http.peer_metadata.Config',
            value: {
              upstream_discovery: [{ istio_headers: {} }, { workload_discovery: {} }],
              upstream_propagation: [{ istio_headers: {} }],
            },
          },
        },
        {
          name: 'envoy.filters.http.grpc_stats',
          typed_config: {
            '@type': 'type.googleapis.com/envoy.extensions.filters.http.grpc_stats.v3.FilterConfig',
            emit_filter_state: true,
            stats_for_all_methods: false,
          },
        },
        {
          name: 'istio.alpn',
          typed_config: {
            '@type': 'type.googleapis.com/istio.envoy.config.filter.http.alpn.v2alpha1.FilterConfig',
            alpn_override: [
              { alpn_override: ['istio-http/1.0', 'istio', 'http/1.0'] },
              { upstream_protocol: 'HTTP11', alpn_override: ['istio-http/1.1', 'istio', 'http/1.1'] },
              { upstream_protocol: 'HTTP2', alpn_override: ['istio-h2', 'istio', 'h2'] },
            ],
          },
        },
        {
          name: 'envoy.filters.http.fault',
          typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault' },
        },
        {
          name: 'envoy.filters.http.cors',
          typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors' },
        },
        stats('SERVER'),
        {
          name: 'envoy.filters.http.router',
          typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' },
        },
      ],
      tracing: {
        client_sampling: { value: 100 },
        random_sampling: { value: 1 },
        overall_sampling: { value: 100 },
        custom_tags: [
          tag('istio.canonical_revision', 'v1'),
          tag('istio.canonical_service', 'productpage'),
          tag('istio.mesh_id', 'cluster.local'),
          tag('istio.namespace', 'default'),
        ],
      },
      access_log: accessLog,
      use_remote_address: false,
      upgrade_configs: [{ upgrade_type: 'websocket' }],
      stream_idle_timeout: '0s',
      normalize_path: true,
      request_id_extension: {
        typed_config: {
          '@type': 'type.googleapis.com/envoy.extensions.request_id.uuid.v3.UuidRequestIdConfig',
          use_request_id_for_trace_sampling: true,
        },
      },
      path_with_escaped_slashes_action: 'KEEP_UNCHANGED',
    },
  };
}

/** An inline route configuration sending everything to one cluster (inbound and admin listeners). */
export function inlineRoute(name: string, cluster: string, prefix = '/'): Record<string, unknown> {
  return {
    name,
    virtual_hosts: [
      {
        name,
        domains: ['*'],
        routes: [{ match: { prefix }, route: { cluster, timeout: '0s' }, name: 'default' }],
      },
    ],
    validate_clusters: false,
  };
}
