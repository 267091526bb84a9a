import { clusterName, type SyntheticService } from './synthetic-services.ts';

/** RDS configuration "<port>": a virtual host per HTTP service on that port, then allow_any. */
export function routeConfig(port: number, services: readonly SyntheticService[]): Record<string, unknown> {
  const vhosts: Record<string, unknown>[] = services.map((s) => {
    const short = [s.name, `${s.name}.${s.namespace}`, `${s.name}.${s.namespace}.svc`, s.fqdn, s.vip];
    const domains = short.flatMap((d) => [d, `${d}:${port}`]);
    const cluster = s.virtualService ? clusterName(s, s.subsets[0] ?? '') : clusterName(s);
    const metadata = s.virtualService
      ? {
          filter_metadata: {
            istio: {
              config: `/apis/networking.istio.io/v1/namespaces/${s.namespace}/virtual-service/${s.name}`,
            },
          },
        }
      : undefined;
    const retry = {
      retry_on: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
      num_retries: 2,
      retry_host_predicate: [
        {
          name: 'envoy.retry_host_predicates.previous_hosts',
          typed_config: {
            '@type':
              'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate',
          },
        },
      ],
      host_selection_retry_max_attempts: '5',
      retriable_status_codes: [503],
    };
    const route = {
      match: { prefix: '/' },
      route: {
        cluster,
        timeout: '0s',
        retry_policy: retry,
        max_stream_duration: { max_stream_duration: '0s', grpc_timeout_header_max: '0s' },
      },
      ...(metadata ? { metadata } : {}),
      decorator: { operation: `${s.fqdn}:${port}/*` },
      name: 'default',
    };
    return { name: `${s.fqdn}:${port}`, domains, routes: [route], include_request_attempt_count: true };
  });
  vhosts.push({
    name: 'allow_any',
    domains: ['*'],
    routes: [
      { match: { prefix: '/' }, route: { cluster: 'PassthroughCluster', timeout: '0s' }, name: 'allow_any' },
    ],
    include_request_attempt_count: true,
  });
  return {
    '@type': 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
    name: String(port),
    virtual_hosts: vhosts,
    validate_clusters: false,
    max_direct_response_body_size_bytes: 1048576,
    ignore_port_in_host_matching: true,
  };
}
