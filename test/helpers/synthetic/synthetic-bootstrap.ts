import { makeCertificate } from './make-certificate.ts';

const hour = 60 * 60 * 1000;

/** The bootstrap section: node identity and metadata (where versions come from) and static clusters. */
export function bootstrapSection(
  now: Date,
  pod = 'productpage-v1-7f9d8c6b5-x2x4k',
  namespace = 'default',
): Record<string, unknown> {
  const staticCluster = (name: string, port: number) => ({
    name,
    type: 'STATIC',
    connect_timeout: '0.250s',
    load_assignment: {
      cluster_name: name,
      endpoints: [
        {
          lb_endpoints: [
            { endpoint: { address: { socket_address: { address: '127.0.0.1', port_value: port } } } },
          ],
        },
      ],
    },
  });
  return {
    '@type': 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump',
    bootstrap: {
      node: {
        id: `sidecar~10.244.0.12~${pod}.${namespace}~${namespace}.svc.cluster.local`,
        cluster: `productpage.${namespace}`,
        metadata: {
          ANNOTATIONS: {
            'kubectl.kubernetes.io/default-container': 'productpage',
            'sidecar.istio.io/status': '{"initContainers":["istio-init"],"containers":["istio-proxy"]}',
          },
          APP_CONTAINERS: 'productpage',
          CLUSTER_ID: 'Kubernetes',
          ENVOY_PROMETHEUS_PORT: 15090,
          ENVOY_STATUS_PORT: 15021,
          INSTANCE_IPS: '10.244.0.12',
          INTERCEPTION_MODE: 'REDIRECT',
          ISTIO_PROXY_SHA: 'istio-proxy:1c2a9e1fd0d1b54a4c1b5c8e6f5e3b0a3d7a9c21',
          ISTIO_VERSION: '1.28.2',
          LABELS: {
            app: 'productpage',
            'security.istio.io/tlsMode': 'istio',
            'service.istio.io/canonical-name': 'productpage',
            version: 'v1',
          },
          MESH_ID: 'cluster.local',
          NAME: pod,
          NAMESPACE: namespace,
          NODE_NAME: 'worker-3',
          OWNER: `kubernetes://apis/apps/v1/namespaces/${namespace}/deployments/productpage-v1`,
          PILOT_SAN: ['istiod.istio-system.svc'],
          POD_PORTS: '[{"name":"http","containerPort":9080,"protocol":"TCP"}]',
          PROXY_CONFIG: {
            binaryPath: '/usr/local/bin/envoy',
            concurrency: 2,
            configPath: './etc/istio/proxy',
            discoveryAddress: 'istiod.istio-system.svc:15012',
            drainDuration: '45s',
            proxyAdminPort: 15000,
            serviceCluster: 'istio-proxy',
            statNameLength: 189,
            statusPort: 15020,
            terminationDrainDuration: '5s',
          },
          SERVICE_ACCOUNT: 'bookinfo-productpage',
          WORKLOAD_NAME: 'productpage-v1',
        },
        locality: { region: 'us-east1', zone: 'us-east1-b' },
        user_agent_name: 'envoy',
        user_agent_build_version: {
          version: { major_number: 1, minor_number: 36, patch: 2 },
          metadata: {
            'revision.sha': '1c2a9e1fd0d1b54a4c1b5c8e6f5e3b0a3d7a9c21',
            'revision.status': 'Clean',
            'build.type': 'RELEASE',
            'ssl.version': 'BoringSSL',
          },
        },
      },
      static_resources: {
        clusters: [staticCluster('prometheus_stats', 15000), staticCluster('agent', 15020)],
      },
      dynamic_resources: {
        lds_config: { ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' },
        cds_config: { ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' },
        ads_config: {
          api_type: 'GRPC',
          set_node_on_first_message_only: true,
          transport_api_version: 'V3',
          grpc_services: [{ envoy_grpc: { cluster_name: 'xds-grpc' } }],
        },
      },
      admin: {
        address: { socket_address: { address: '127.0.0.1', port_value: 15000 } },
        profile_path: '/var/lib/istio/data/envoy.prof',
      },
    },
    last_updated: new Date(now.getTime() - 2 * hour).toISOString(),
  };
}

/**
 * The secrets section: the workload certificate (24 h, SPIFFE SAN, signed by the root) and ROOTCA.
 * Real certificates, so the secrets table and expiry checks run on the same kind of data as live.
 * Envoy itself writes private keys as "[redacted]" in config dumps; so do we.
 */
export function secretsSection(now: Date): Record<string, unknown> {
  const root = makeCertificate({
    notBefore: new Date(now.getTime() - 400 * 24 * hour),
    notAfter: new Date(now.getTime() + 3250 * 24 * hour),
    isCA: true,
  });
  const leaf = makeCertificate({
    notBefore: new Date(now.getTime() - 2 * hour),
    notAfter: new Date(now.getTime() + 22 * hour),
    isCA: false,
    uri: 'spiffe://cluster.local/ns/default/sa/bookinfo-productpage',
    issuer: { key: root.key, organization: 'cluster.local' },
  });
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const secret = (name: string, body: Record<string, unknown>) => ({
    name,
    version_info: new Date(now.getTime() - 2 * hour).toISOString(),
    last_updated: new Date(now.getTime() - 2 * hour).toISOString(),
    secret: {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret',
      name,
      ...body,
    },
  });
  return {
    '@type': 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump',
    dynamic_active_secrets: [
      secret('default', {
        tls_certificate: {
          certificate_chain: { inline_bytes: b64(leaf.pem + root.pem) },
          private_key: { inline_bytes: 'W3JlZGFjdGVkXQ==' },
        },
      }),
      secret('ROOTCA', { validation_context: { trusted_ca: { inline_bytes: b64(root.pem) } } }),
    ],
  };
}
