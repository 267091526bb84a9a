import type * as z from 'zod';
import {
  type Cluster,
  type DynamicCluster,
  DynamicClusterSchema,
  StaticClusterSchema,
} from '../schemas/envoy/cluster-schema.ts';
import { type ClusterLoadAssignment, EndpointConfigSchema } from '../schemas/envoy/endpoint-schema.ts';
import {
  type DynamicListener,
  DynamicListenerSchema,
  type Listener,
  StaticListenerSchema,
} from '../schemas/envoy/listener-schema.ts';
import {
  DynamicRouteConfigSchema,
  type RouteConfiguration,
  StaticRouteConfigSchema,
} from '../schemas/envoy/route-schema.ts';
import { type DynamicSecret, DynamicSecretSchema } from '../schemas/envoy/secret-schema.ts';
import {
  type ConfigDump,
  type DumpProblem,
  findSection,
  forEachValid,
  parseEach,
  resources,
  type SectionName,
} from './config-dump.ts';

// One reader per section: validate each resource, keep what the tables need. `undefined` means the
// dump has no such section (e.g. taken with ?mask=…, or EDS without include_eds).

function list<T>(
  dump: ConfigDump,
  name: SectionName,
  key: string,
  schema: z.ZodType<T>,
  problems: DumpProblem[],
): T[] {
  const section = findSection(dump, name);
  return section ? parseEach(resources(dump, section, key), schema, problems) : [];
}

/**
 * Streams the resources of one list of a section through `visit` without keeping them: the summary
 * walks 100 MB dumps this way holding one resource at a time. False when the section is absent.
 */
export function eachResource<T>(
  dump: ConfigDump,
  name: SectionName,
  key: string,
  schema: z.ZodType<T>,
  problems: DumpProblem[],
  visit: (item: T) => void,
): boolean {
  const section = findSection(dump, name);
  if (section) forEachValid(resources(dump, section, key), schema, problems, visit);
  return section !== undefined;
}

export type ListenersView = { dynamic: DynamicListener[]; static: Listener[]; problems: DumpProblem[] };

export function readListeners(dump: ConfigDump): ListenersView | undefined {
  if (!findSection(dump, 'listeners')) return undefined;
  const problems: DumpProblem[] = [];
  const dynamic = list(dump, 'listeners', 'dynamic_listeners', DynamicListenerSchema, problems);
  const statics = list(dump, 'listeners', 'static_listeners', StaticListenerSchema, problems);
  return { dynamic, static: statics.flatMap((s) => (s.listener ? [s.listener] : [])), problems };
}

/** What istioctl lists: active dynamic listeners, then static ones (warming and draining are skipped). */
export function activeListeners(view: ListenersView): Listener[] {
  const active = view.dynamic.flatMap((d) => (d.active_state?.listener ? [d.active_state.listener] : []));
  return [...active, ...view.static];
}

export type ClustersView = {
  active: DynamicCluster[];
  warming: DynamicCluster[];
  static: Cluster[];
  problems: DumpProblem[];
};

export function readClusters(dump: ConfigDump): ClustersView | undefined {
  if (!findSection(dump, 'clusters')) return undefined;
  const problems: DumpProblem[] = [];
  const active = list(dump, 'clusters', 'dynamic_active_clusters', DynamicClusterSchema, problems);
  const warming = list(dump, 'clusters', 'dynamic_warming_clusters', DynamicClusterSchema, problems);
  const statics = list(dump, 'clusters', 'static_clusters', StaticClusterSchema, problems);
  return { active, warming, static: statics.flatMap((s) => (s.cluster ? [s.cluster] : [])), problems };
}

/** What istioctl lists: active dynamic clusters, then static ones. */
export function shownClusters(view: ClustersView): Cluster[] {
  return [...view.active.flatMap((c) => (c.cluster ? [c.cluster] : [])), ...view.static];
}

export type RoutesView = {
  dynamic: { config: RouteConfiguration | undefined; errorState: unknown; clientStatus: unknown }[];
  static: RouteConfiguration[];
  problems: DumpProblem[];
};

export function readRoutes(dump: ConfigDump): RoutesView | undefined {
  if (!findSection(dump, 'routes')) return undefined;
  const problems: DumpProblem[] = [];
  const dynamic = list(dump, 'routes', 'dynamic_route_configs', DynamicRouteConfigSchema, problems);
  const statics = list(dump, 'routes', 'static_route_configs', StaticRouteConfigSchema, problems);
  return {
    dynamic: dynamic.map((d) => ({
      config: d.route_config,
      errorState: d.error_state,
      clientStatus: d.client_status,
    })),
    static: statics.flatMap((s) => (s.route_config ? [s.route_config] : [])),
    problems,
  };
}

/** Route configurations in istioctl's order: dynamic, then static. */
export function allRouteConfigs(view: RoutesView): RouteConfiguration[] {
  return [...view.dynamic.flatMap((d) => (d.config ? [d.config] : [])), ...view.static];
}

type EndpointConfig = z.infer<typeof EndpointConfigSchema>;
export type EndpointsView = { dynamic: EndpointConfig[]; static: EndpointConfig[]; problems: DumpProblem[] };

export function readEndpoints(dump: ConfigDump): EndpointsView | undefined {
  if (!findSection(dump, 'endpoints')) return undefined;
  const problems: DumpProblem[] = [];
  const dynamic = list(dump, 'endpoints', 'dynamic_endpoint_configs', EndpointConfigSchema, problems);
  const statics = list(dump, 'endpoints', 'static_endpoint_configs', EndpointConfigSchema, problems);
  return { dynamic, static: statics, problems };
}

/** Cluster load assignments in istioctl's order: dynamic, then static. */
export function allAssignments(view: EndpointsView): ClusterLoadAssignment[] {
  return [...view.dynamic, ...view.static].flatMap((e) => (e.endpoint_config ? [e.endpoint_config] : []));
}

export type SecretsView = { active: DynamicSecret[]; warming: DynamicSecret[]; problems: DumpProblem[] };

export function readSecrets(dump: ConfigDump): SecretsView | undefined {
  if (!findSection(dump, 'secrets')) return undefined;
  const problems: DumpProblem[] = [];
  const active = list(dump, 'secrets', 'dynamic_active_secrets', DynamicSecretSchema, problems);
  const warming = list(dump, 'secrets', 'dynamic_warming_secrets', DynamicSecretSchema, problems);
  return { active, warming, problems };
}
