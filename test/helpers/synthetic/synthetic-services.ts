/** One Kubernetes Service as a sidecar sees it in a big mesh without Sidecar scoping. */
export type SyntheticService = {
  name: string;
  namespace: string;
  fqdn: string;
  vip: string;
  port: number;
  protocol: 'http' | 'tcp';
  /** DestinationRule subsets (a cluster each) when the service has a DestinationRule. */
  subsets: string[];
  endpoints: string[];
  virtualService: boolean;
};

export const httpPorts = [80, 8080, 9080, 5000, 3000, 8000];
const tcpPorts = [3306, 5432, 6379, 9092, 27017, 443, 11211];
const names = [
  'api',
  'web',
  'auth',
  'cart',
  'orders',
  'billing',
  'search',
  'users',
  'ratings',
  'reviews',
  'catalog',
  'payments',
];

/** Small deterministic PRNG (mulberry32), so a seed always yields the same mesh. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function ip(prefix: number, n: number): string {
  return `10.${prefix + Math.floor(n / 65536)}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

export function syntheticServices(count: number, seed: number): SyntheticService[] {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  let pod = 10;
  return Array.from({ length: count }, (_, i) => {
    const namespace = `team-${String(i % 97).padStart(2, '0')}`;
    const name = `${pick(names)}-${i}`;
    const protocol = random() < 0.75 ? 'http' : 'tcp';
    const endpoints = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ip(244, pod++));
    const dr = random() < 0.3;
    return {
      name,
      namespace,
      fqdn: `${name}.${namespace}.svc.cluster.local`,
      vip: ip(96, i + 10),
      port: protocol === 'http' ? pick(httpPorts) : pick(tcpPorts),
      protocol,
      subsets: dr ? ['v1', 'v2'] : [],
      endpoints,
      virtualService: protocol === 'http' && random() < 0.2,
    };
  });
}

/** `outbound|<port>|<subset>|<fqdn>`, Istio's cluster naming. */
export function clusterName(s: SyntheticService, subset = ''): string {
  return `outbound|${s.port}|${subset}|${s.fqdn}`;
}

/** The SDS config block Istio repeats in every TLS context (one reason dumps are large). */
export function sdsConfig(name: string): Record<string, unknown> {
  return {
    name,
    sds_config: {
      api_config_source: {
        api_type: 'GRPC',
        transport_api_version: 'V3',
        grpc_services: [{ envoy_grpc: { cluster_name: 'sds-grpc' } }],
        set_node_on_first_message_only: true,
      },
      initial_fetch_timeout: '0s',
      resource_api_version: 'V3',
    },
  };
}
