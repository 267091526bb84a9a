// The judge of tls-check: what istiod's generated Envoy configuration (a config dump from
// tools/cluster/istio/xdsdump) says a client sends to each endpoint and what a server's inbound
// listener accepts on a port. Written from Envoy's config, not from meshdoc's model: the server's
// `virtualInbound` filter chains for the port, the client's outbound cluster transport socket (or
// its transport_socket_matches against the endpoint's EDS metadata).

type Json = Record<string, unknown>;
export type Dump = { configs: Json[] };
export type Sends = 'mTLS' | 'plaintext' | 'TLS';
export type Accepts = { mTLS: boolean; plaintext: boolean; TLS: boolean };

const section = (dump: Dump, type: string): Json | undefined =>
  dump.configs.find((c) => String(c['@type']).endsWith(`.${type}`));

const asArray = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});

/** What the sidecar's inbound listener accepts on a target port: per-port chains, else the catch-all ones. */
export function inboundAccepts(dump: Dump, port: number): Accepts {
  const listeners = asArray(section(dump, 'ListenersConfigDump')?.dynamic_listeners);
  const inbound = listeners
    .map((l) => obj(obj(l.active_state).listener))
    .find((l) => l.name === 'virtualInbound');
  if (!inbound) throw new Error('no virtualInbound listener in the dump');
  const chains = asArray(inbound.filter_chains).filter(
    (fc) => obj(fc.filter_chain_match).destination_port !== 15006,
  );
  const forPort = chains.filter((fc) => obj(fc.filter_chain_match).destination_port === port);
  const used =
    forPort.length > 0
      ? forPort
      : chains.filter((fc) => obj(fc.filter_chain_match).destination_port === undefined);
  const transport = (fc: Json) => obj(fc.filter_chain_match).transport_protocol as string | undefined;
  const terminatesTls = (fc: Json) => fc.transport_socket !== undefined;
  return {
    mTLS: used.some((fc) => terminatesTls(fc) && (transport(fc) === 'tls' || transport(fc) === undefined)),
    plaintext: used.some(
      (fc) => transport(fc) === 'raw_buffer' || (transport(fc) === undefined && !terminatesTls(fc)),
    ),
    TLS: used.some((fc) => !terminatesTls(fc) && (transport(fc) === 'tls' || transport(fc) === undefined)),
  };
}

/** What a client's outbound cluster sends to one endpoint IP. */
export function clientSends(dump: Dump, cluster: string, endpointIp: string): Sends {
  const clusters = asArray(section(dump, 'ClustersConfigDump')?.dynamic_active_clusters).map((c) =>
    obj(c.cluster),
  );
  const c = clusters.find((x) => x.name === cluster);
  if (!c)
    throw new Error(
      `no cluster ${cluster} in the client's dump (has ${clusters.map((x) => x.name).join(', ')})`,
    );
  if (c.transport_socket) return socketSends(obj(c.transport_socket));
  const matches = asArray(c.transport_socket_matches);
  if (matches.length === 0) return 'plaintext';
  const metadata = endpointMatchMetadata(dump, cluster, endpointIp);
  const chosen = matches.find((m) => Object.entries(obj(m.match)).every(([k, v]) => metadata[k] === v));
  return chosen ? socketSends(obj(chosen.transport_socket)) : 'plaintext';
}

function socketSends(socket: Json): Sends {
  if (socket.name !== 'envoy.transport_sockets.tls') return 'plaintext';
  const context = obj(obj(socket.typed_config).common_tls_context);
  // Istio's mTLS: the workload certificate from SDS ("default") and Istio's ALPN.
  const sds = asArray(context.tls_certificate_sds_secret_configs).map((s) => s.name);
  return sds.includes('default') ? 'mTLS' : 'TLS';
}

/** The endpoint's `envoy.transport_socket_match` metadata in the client's EDS (empty: no tlsMode marker). */
function endpointMatchMetadata(dump: Dump, cluster: string, ip: string): Json {
  const assignments = asArray(section(dump, 'EndpointsConfigDump')?.dynamic_endpoint_configs).map((e) =>
    obj(e.endpoint_config),
  );
  const cla = assignments.find((a) => a.cluster_name === cluster);
  for (const locality of asArray(cla?.endpoints))
    for (const lb of asArray(locality.lb_endpoints)) {
      const address = obj(obj(obj(lb.endpoint).address).socket_address).address;
      if (address === ip) return obj(obj(obj(lb.metadata).filter_metadata)['envoy.transport_socket_match']);
    }
  return {};
}

/** Every endpoint IP of a cluster in the client's EDS (to wait for istiod to have seen the pods). */
export function edsAddresses(dump: Dump, cluster: string): string[] {
  const assignments = asArray(section(dump, 'EndpointsConfigDump')?.dynamic_endpoint_configs).map((e) =>
    obj(e.endpoint_config),
  );
  const cla = assignments.find((a) => a.cluster_name === cluster);
  return asArray(cla?.endpoints).flatMap((l) =>
    asArray(l.lb_endpoints).map((lb) => String(obj(obj(obj(lb.endpoint).address).socket_address).address)),
  );
}

export function clusterNames(dump: Dump): string[] {
  return asArray(section(dump, 'ClustersConfigDump')?.dynamic_active_clusters).map((c) =>
    String(obj(c.cluster).name),
  );
}
