import { bootstrapSection, secretsSection } from './synthetic-bootstrap.ts';
import { loadAssignment, outboundCluster, specialClusters } from './synthetic-clusters.ts';
import {
  httpListener,
  staticListeners,
  tcpListener,
  virtualInbound,
  virtualOutbound,
} from './synthetic-listeners.ts';
import { routeConfig } from './synthetic-routes.ts';
import { rng, type SyntheticService, syntheticServices } from './synthetic-services.ts';

export type SyntheticDumpOptions = {
  services: number;
  seed?: number;
  /** Certificates and timestamps are relative to this. */
  now?: Date;
  /** EDS section, as `config_dump?include_eds` returns it (default true). */
  includeEds?: boolean;
};

type Sink = (chunk: string) => void;
const admin = 'type.googleapis.com/envoy.admin.v3.';

/**
 * Writes a sidecar config dump for a mesh of N services the way Envoy's admin API prints it
 * (1-space indentation, sections in Envoy's order), streaming resource by resource so a 200 MB
 * dump never exists as one string.
 */
export function writeSyntheticDump(sink: Sink, options: SyntheticDumpOptions): void {
  const now = options.now ?? new Date();
  const services = syntheticServices(options.services, options.seed ?? 1);
  const version = `${now.toISOString().slice(0, 19)}Z/42`;
  const stamp = now.toISOString();
  const wrap = (key: string) => (value: unknown) => ({
    version_info: version,
    [key]: value,
    last_updated: stamp,
  });
  const clusters = (function* () {
    yield* specialClusters();
    for (const s of services) {
      yield outboundCluster(s);
      for (const subset of s.subsets) yield outboundCluster(s, subset);
    }
  })();
  sink('{\n "configs": [\n');
  section(sink, bootstrapSection(now), []);
  sink(',\n');
  section(sink, { '@type': `${admin}ClustersConfigDump`, version_info: version }, [
    [
      'static_clusters',
      [
        {
          cluster: {
            '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
            name: 'prometheus_stats',
            type: 'STATIC',
          },
          last_updated: stamp,
        },
      ],
    ],
    ['dynamic_active_clusters', map(clusters, wrap('cluster'))],
  ]);
  if (options.includeEds !== false) {
    const random = rng((options.seed ?? 1) + 7);
    const assignments = (function* () {
      for (const s of services) {
        yield { endpoint_config: loadAssignment(s, '', random) };
        for (const subset of s.subsets) yield { endpoint_config: loadAssignment(s, subset, random) };
      }
    })();
    sink(',\n');
    section(sink, { '@type': `${admin}EndpointsConfigDump` }, [['dynamic_endpoint_configs', assignments]]);
  }
  const http = byPort(services.filter((s) => s.protocol === 'http'));
  const listeners = (function* () {
    yield virtualOutbound();
    yield virtualInbound([9080]);
    for (const port of http.keys()) yield httpListener(port);
    for (const s of services) if (s.protocol === 'tcp') yield tcpListener(s);
  })();
  sink(',\n');
  section(sink, { '@type': `${admin}ListenersConfigDump`, version_info: version }, [
    ['static_listeners', staticListeners().map((listener) => ({ listener, last_updated: stamp }))],
    ['dynamic_listeners', map(listeners, (l) => ({ name: l.name, active_state: wrap('listener')(l) }))],
  ]);
  sink(',\n');
  section(sink, { '@type': `${admin}ScopedRoutesConfigDump` }, []);
  sink(',\n');
  const routes = [...http].map(([port, list]) => wrap('route_config')(routeConfig(port, list)));
  section(sink, { '@type': `${admin}RoutesConfigDump` }, [['dynamic_route_configs', routes]]);
  sink(',\n');
  section(sink, secretsSection(now), []);
  sink('\n ]\n}\n');
}

function byPort(services: readonly SyntheticService[]): Map<number, SyntheticService[]> {
  const ports = new Map<number, SyntheticService[]>();
  for (const s of services) ports.set(s.port, [...(ports.get(s.port) ?? []), s]);
  return ports;
}

function* map<T, U>(items: Iterable<T>, f: (item: T) => U): Iterable<U> {
  for (const item of items) yield f(item);
}

/** One element of `configs` at Envoy's indentation; list members are written one resource at a time. */
function section(sink: Sink, head: Record<string, unknown>, lists: [string, Iterable<unknown>][]): void {
  const members = Object.entries(head).map(
    ([k, v]) => `   ${JSON.stringify(k)}: ${indent(JSON.stringify(v, null, 1), 3)}`,
  );
  sink(`  {\n${members.join(',\n')}`);
  for (const [key, items] of lists) {
    sink(`,\n   ${JSON.stringify(key)}: [`);
    let first = true;
    for (const item of items) {
      sink(`${first ? '\n' : ',\n'}    ${indent(JSON.stringify(item, null, 1), 4)}`);
      first = false;
    }
    sink(first ? ']' : '\n   ]');
  }
  sink('\n  }');
}

function indent(json: string, by: number): string {
  return json.replaceAll('\n', `\n${' '.repeat(by)}`);
}

/** How many services make a dump of about `bytes` (measured on two small meshes, then linear). */
export function servicesForSize(bytes: number, options: Omit<SyntheticDumpOptions, 'services'> = {}): number {
  const measure = (services: number) => {
    let size = 0;
    writeSyntheticDump(
      (chunk) => {
        size += chunk.length;
      },
      { ...options, services },
    );
    return size;
  };
  const small = measure(200);
  const perService = (measure(400) - small) / 200;
  return Math.max(1, Math.round(200 + (bytes - small) / perService));
}
