import { type Cluster, clusterTypeNames } from '../schemas/envoy/cluster-schema.ts';
import { enumName } from '../schemas/envoy/common-schema.ts';
import { describeManagement } from './describe-route.ts';
import { goSortSlice } from './go-sort-slice.ts';
import { lessBySubsetKey, parseSubsetKey, safeSubsetKey } from './subset-key.ts';
import type { SummaryTable } from './summary-table.ts';

export type ClusterFilter = {
  /** Substring of the raw cluster name (not only of the FQDN column), as istioctl matches it. */
  fqdn?: string | undefined;
  port?: number | undefined;
  subset?: string | undefined;
  direction?: string | undefined;
};
export type ClusterTableOptions = { withTypePrefix?: boolean };

/** `istioctl proxy-config clusters` over active dynamic clusters then static ones, in istioctl's order. */
export function clustersTable(
  clusters: readonly Cluster[],
  filter: ClusterFilter,
  options: ClusterTableOptions = {},
): SummaryTable {
  const sorted = clusters.map((cluster) => ({
    cluster,
    name: cluster.name ?? '',
    key: safeSubsetKey(cluster.name ?? ''),
  }));
  goSortSlice(sorted, (a, b) => lessBySubsetKey(a.key, b.key));
  const columns = ['SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE'];
  if (options.withTypePrefix) columns.unshift('NAME');
  const rows: string[][] = [];
  for (const { cluster, name } of sorted) {
    if (!matchesCluster(name, filter)) continue;
    const type = enumName(cluster.type, clusterTypeNames);
    const rule = describeManagement(cluster.metadata);
    if (name.split('|').length > 3) {
      const key = parseSubsetKey(name);
      const cells = [key.fqdn, String(key.port), key.subset || '-', key.direction, type, rule];
      rows.push(options.withTypePrefix ? [`cluster/${name}`, ...cells] : cells);
    } else if (options.withTypePrefix && name.length > 0) {
      rows.push([`cluster/${name}`, `cluster/${name}`, '-', '-', '-', type, rule]);
    } else {
      rows.push([name, '-', '-', '-', type, rule]);
    }
  }
  return { columns, rows, padding: 5 };
}

function matchesCluster(name: string, filter: ClusterFilter): boolean {
  if (filter.fqdn && !name.includes(filter.fqdn)) return false;
  if (filter.direction && !name.includes(filter.direction)) return false;
  if (filter.subset && !name.includes(filter.subset)) return false;
  if (filter.port && !name.includes(`|${filter.port}|`)) return false;
  return true;
}
