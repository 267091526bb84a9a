import type { RejectedResource } from '../diagnostics/proxy/config-state-findings.ts';
import type { ConfigDump, DumpProblem } from '../envoy/config-dump.ts';
import { eachResource } from '../envoy/read-sections.ts';
import {
  type Cluster,
  clusterTypeNames,
  DynamicClusterSchema,
  StaticClusterSchema,
} from '../schemas/envoy/cluster-schema.ts';
import { enumName } from '../schemas/envoy/common-schema.ts';
import { type ClusterLoadAssignment, EndpointConfigSchema } from '../schemas/envoy/endpoint-schema.ts';
import { DynamicListenerSchema, StaticListenerSchema } from '../schemas/envoy/listener-schema.ts';
import {
  DynamicRouteConfigSchema,
  type RouteConfiguration,
  StaticRouteConfigSchema,
} from '../schemas/envoy/route-schema.ts';
import { assignmentHosts, type EndpointHealth, healthTally } from './endpoint-health.ts';
import { rejection } from './rejection.ts';

// Per-section counts for the config-dump summary, each streaming its section resource by resource.

export type ResourceCount = { resource: string; total: number; detail: string };

/** What the counters collect besides counts: unreadable resources, rejected updates, warming resources. */
export type Tally = {
  problems: DumpProblem[];
  rejected: RejectedResource[];
  warming: { clusters: number; listeners: number };
};

const keep = (t: Tally, r: RejectedResource | undefined) => r && t.rejected.push(r);

export function countListeners(dump: ConfigDump, t: Tally): ResourceCount | undefined {
  const n = { active: 0, static: 0, draining: 0 };
  const present = eachResource(
    dump,
    'listeners',
    'dynamic_listeners',
    DynamicListenerSchema,
    t.problems,
    (d) => {
      if (d.active_state?.listener) n.active++;
      if (d.warming_state) t.warming.listeners++;
      if (d.draining_state) n.draining++;
      keep(t, rejection('listener', d.name ?? '', d.error_state, d.client_status));
    },
  );
  eachResource(dump, 'listeners', 'static_listeners', StaticListenerSchema, t.problems, () => n.static++);
  if (!present) return undefined;
  const detail = `${n.active} active, ${n.static} static, ${t.warming.listeners} warming, ${n.draining} draining`;
  return { resource: 'Listeners', total: n.active + n.static, detail };
}

export function countClusters(dump: ConfigDump, t: Tally): ResourceCount | undefined {
  const n = { active: 0, static: 0 };
  const types = new Map<string, number>();
  const countType = (c: Cluster | undefined) => {
    const type = enumName(c?.type, clusterTypeNames);
    types.set(type, (types.get(type) ?? 0) + 1);
  };
  const present = eachResource(
    dump,
    'clusters',
    'dynamic_active_clusters',
    DynamicClusterSchema,
    t.problems,
    (d) => {
      n.active++;
      countType(d.cluster);
      keep(t, rejection('cluster', d.cluster?.name ?? '', d.error_state, d.client_status));
    },
  );
  eachResource(dump, 'clusters', 'dynamic_warming_clusters', DynamicClusterSchema, t.problems, (d) => {
    t.warming.clusters++;
    keep(t, rejection('cluster', d.cluster?.name ?? '', d.error_state, d.client_status));
  });
  eachResource(dump, 'clusters', 'static_clusters', StaticClusterSchema, t.problems, (s) => {
    n.static++;
    countType(s.cluster);
  });
  if (!present) return undefined;
  const byType = [...types]
    .sort()
    .map(([type, count]) => `${type} ${count}`)
    .join(', ');
  const detail = `${n.active} dynamic, ${n.static} static, ${t.warming.clusters} warming; ${byType}`;
  return { resource: 'Clusters', total: n.active + n.static, detail };
}

export function countRoutes(dump: ConfigDump, t: Tally): ResourceCount | undefined {
  const n = { dynamic: 0, static: 0, vhosts: 0, routes: 0 };
  const countConfig = (c: RouteConfiguration | undefined) => {
    n.vhosts += c?.virtual_hosts?.length ?? 0;
    for (const vh of c?.virtual_hosts ?? []) n.routes += vh.routes?.length ?? 0;
  };
  const present = eachResource(
    dump,
    'routes',
    'dynamic_route_configs',
    DynamicRouteConfigSchema,
    t.problems,
    (d) => {
      n.dynamic++;
      countConfig(d.route_config);
      keep(t, rejection('route', d.route_config?.name ?? '', d.error_state, d.client_status));
    },
  );
  eachResource(dump, 'routes', 'static_route_configs', StaticRouteConfigSchema, t.problems, (s) => {
    n.static++;
    countConfig(s.route_config);
  });
  if (!present) return undefined;
  const detail = `${n.dynamic} dynamic, ${n.static} static; ${n.vhosts} virtual hosts, ${n.routes} routes`;
  return { resource: 'Route configurations', total: n.dynamic + n.static, detail };
}

export function tallyEndpoints(
  dump: ConfigDump,
  t: Tally,
): { count: ResourceCount; health: EndpointHealth } | undefined {
  const tally = healthTally();
  const add = (e: { endpoint_config?: ClusterLoadAssignment | undefined }) => {
    if (e.endpoint_config)
      tally.add(e.endpoint_config.cluster_name ?? '', assignmentHosts(e.endpoint_config));
  };
  const present = eachResource(
    dump,
    'endpoints',
    'dynamic_endpoint_configs',
    EndpointConfigSchema,
    t.problems,
    (d) => {
      add(d);
      keep(t, rejection('endpoints', d.endpoint_config?.cluster_name ?? '', d.error_state, d.client_status));
    },
  );
  eachResource(dump, 'endpoints', 'static_endpoint_configs', EndpointConfigSchema, t.problems, add);
  if (!present) return undefined;
  const h = tally.health;
  const statuses = [...h.byStatus]
    .sort()
    .map(([s, count]) => `${s} ${count}`)
    .join(', ');
  const detail = `in ${h.clusterCount} clusters; ${h.unhealthy} not healthy${statuses ? ` (${statuses})` : ''}`;
  return { count: { resource: 'Endpoints', total: h.total, detail }, health: h };
}
