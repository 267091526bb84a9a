import { enumName, healthStatusNames } from '../schemas/envoy/common-schema.ts';
import type {
  ClusterLoadAssignment,
  LbEndpoint,
  LocalityLbEndpoints,
} from '../schemas/envoy/endpoint-schema.ts';
import { edsAddresses, edsPort } from './endpoint-address.ts';
import { goSortSlice } from './go-sort-slice.ts';
import { lessBySubsetKey, safeSubsetKey } from './subset-key.ts';
import { equalFold, type SummaryTable } from './summary-table.ts';

export type EndpointFilter = {
  /** Compared with each `ip:port` (istioctl's EDS table matches the address with its port). */
  address?: string | undefined;
  port?: number | undefined;
  cluster?: string | undefined;
  status?: string | undefined;
};
export type EndpointTableOptions = { withTypePrefix?: boolean };

/**
 * `istioctl proxy-config eds` (the ENDPOINTS part of `proxy-config all`): one row per EDS endpoint of
 * the dynamic then static cluster load assignments; assignments left empty by the filter are dropped.
 */
export function endpointsTable(
  assignments: readonly ClusterLoadAssignment[],
  filter: EndpointFilter,
  options: EndpointTableOptions = {},
): SummaryTable {
  const kept = assignments
    .map((cla) => ({
      cla,
      localities: filterLocalities(cla, filter),
      key: safeSubsetKey(cla.cluster_name ?? ''),
    }))
    .filter((c) => c.localities.some((l) => l.endpoints.length > 0));
  goSortSlice(kept, (a, b) => lessBySubsetKey(a.key, b.key));
  const rows: string[][] = [];
  for (const { cla, localities } of kept) {
    for (const { locality, endpoints } of localities) {
      for (const ep of endpoints) {
        const address = edsAddresses(ep).join(',');
        rows.push([
          options.withTypePrefix ? `endpoint/${address}` : address,
          endpointStatus(ep),
          localityName(locality),
          cla.cluster_name ?? '',
        ]);
      }
    }
  }
  return { columns: ['NAME', 'STATUS', 'LOCALITY', 'CLUSTER'], rows, padding: 5 };
}

export function endpointStatus(ep: LbEndpoint): string {
  return enumName(ep.health_status, healthStatusNames);
}

function filterLocalities(cla: ClusterLoadAssignment, filter: EndpointFilter) {
  return (cla.endpoints ?? []).map((l) => ({
    locality: l.locality,
    endpoints: (l.lb_endpoints ?? []).filter((ep) => matchesEndpoint(ep, cla.cluster_name ?? '', filter)),
  }));
}

/** The assignments with only the endpoints that pass the filter (for health findings on what is shown). */
export function filterAssignments(
  assignments: readonly ClusterLoadAssignment[],
  filter: EndpointFilter,
): ClusterLoadAssignment[] {
  return assignments.map((cla) => ({
    ...cla,
    endpoints: filterLocalities(cla, filter).map((l) => ({
      locality: l.locality,
      lb_endpoints: l.endpoints,
    })),
  }));
}

function matchesEndpoint(ep: LbEndpoint, cluster: string, filter: EndpointFilter): boolean {
  if (filter.address && !edsAddresses(ep).some((a) => equalFold(a, filter.address as string))) return false;
  if (filter.port && edsPort(ep) !== filter.port) return false;
  if (filter.cluster && !equalFold(cluster, filter.cluster)) return false;
  if (filter.status && !equalFold(endpointStatus(ep), filter.status)) return false;
  return true;
}

/** `region[/zone[/subzone]]`, empty when there is no locality. */
export function localityName(locality: LocalityLbEndpoints['locality']): string {
  if (!locality) return '';
  let text = locality.region ?? '';
  if (!locality.zone) return text;
  text += `/${locality.zone}`;
  return locality.sub_zone ? `${text}/${locality.sub_zone}` : text;
}
