import { enumName, healthStatusNames } from '../schemas/envoy/common-schema.ts';
import type { ClusterStatus, HostStatus } from '../schemas/envoy/endpoint-schema.ts';
import type { EndpointFilter } from './endpoints-table.ts';
import { goSortSlice } from './go-sort-slice.ts';
import { equalFold, type SummaryTable } from './summary-table.ts';

type HostRow = {
  address: string;
  port: number;
  cluster: string;
  status: string;
  failedOutlierCheck: boolean;
};

/**
 * `istioctl proxy-config endpoint` from Envoy's `/clusters?format=json`: ENDPOINT, STATUS, OUTLIER CHECK,
 * CLUSTER, sorted by address string, port, cluster. Here `--address` is the bare IP.
 */
export function hostStatusesTable(clusters: readonly ClusterStatus[], filter: EndpointFilter): SummaryTable {
  const hosts: HostRow[] = [];
  for (const cluster of clusters) {
    for (const host of cluster.host_statuses ?? []) {
      const row = hostRow(host, cluster.name ?? '');
      if (matchesHost(row, filter)) hosts.push(row);
    }
  }
  goSortSlice(hosts, (a, b) => {
    if (a.address !== b.address) return a.address < b.address;
    if (a.port !== b.port) return a.port < b.port;
    return a.cluster < b.cluster;
  });
  const rows = hosts.map((h) => [
    h.port !== 0 ? `${h.address}:${h.port}` : h.address,
    h.status,
    h.failedOutlierCheck ? 'FAILED' : 'OK',
    h.cluster,
  ]);
  return { columns: ['ENDPOINT', 'STATUS', 'OUTLIER CHECK', 'CLUSTER'], rows, padding: 5 };
}

/** The clusters with only the hosts that pass the filter. */
export function filterClusterStatuses(
  clusters: readonly ClusterStatus[],
  filter: EndpointFilter,
): ClusterStatus[] {
  return clusters.map((c) => ({
    ...c,
    host_statuses: (c.host_statuses ?? []).filter((h) => matchesHost(hostRow(h, c.name ?? ''), filter)),
  }));
}

export function hostRow(host: HostStatus, cluster: string): HostRow {
  const a = host.address;
  let address = 'unknown';
  if (a?.socket_address) address = a.socket_address.address ?? '';
  else if (a?.pipe) address = `unix://${a.pipe.path ?? ''}`;
  else if (a?.envoy_internal_address?.server_listener_name !== undefined) {
    address = `envoy://${a.envoy_internal_address.server_listener_name}/${a.envoy_internal_address.endpoint_id ?? ''}`;
  }
  return {
    address,
    port: a?.socket_address?.port_value ?? 0,
    cluster,
    status: enumName(host.health_status?.eds_health_status, healthStatusNames),
    failedOutlierCheck: host.health_status?.failed_outlier_check === true,
  };
}

function matchesHost(h: HostRow, filter: EndpointFilter): boolean {
  if (filter.address && !equalFold(h.address, filter.address)) return false;
  if (filter.port && h.port !== filter.port) return false;
  if (filter.cluster && !equalFold(h.cluster, filter.cluster)) return false;
  if (filter.status && !equalFold(h.status, filter.status)) return false;
  return true;
}
