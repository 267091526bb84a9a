import type { RouteConfiguration } from '../schemas/envoy/route-schema.ts';
import { describeManagement, describeMatch, describeRouteDomains } from './describe-route.ts';
import { goSortSlice } from './go-sort-slice.ts';
import { parseGoInt, type SummaryTable } from './summary-table.ts';

export type RouteFilter = { name?: string | undefined };
export type RouteTableOptions = { verbose: boolean; withTypePrefix?: boolean };

/**
 * `istioctl proxy-config routes` over route configurations in dump order (dynamic, then static).
 * istioctl's comparator orders only pairs of numeric names ("80" < "9080") and calls every other pair
 * equal, which is not a valid order; Go's sort then yields an input-dependent order that we reproduce
 * by running the same algorithm on the same input.
 */
export function routesTable(
  configs: readonly RouteConfiguration[],
  filter: RouteFilter,
  options: RouteTableOptions,
): SummaryTable {
  const sorted = [...configs];
  goSortSlice(sorted, (a, b) => {
    const i = parseGoInt(a.name ?? '');
    const j = parseGoInt(b.name ?? '');
    return i !== undefined && j !== undefined && i < j;
  });
  const columns = options.verbose
    ? ['NAME', 'VHOST NAME', 'DOMAINS', 'MATCH', 'VIRTUAL SERVICE']
    : ['NAME', 'VIRTUAL HOSTS'];
  const rows: string[][] = [];
  let items = 0;
  for (const config of sorted) {
    if (filter.name && filter.name !== (config.name ?? '')) continue;
    items++;
    const name = options.withTypePrefix ? `route/${config.name ?? ''}` : (config.name ?? '');
    const vhosts = config.virtual_hosts ?? [];
    if (!options.verbose) {
      rows.push([name, String(vhosts.length)]);
      continue;
    }
    for (const vh of vhosts) {
      const domains = describeRouteDomains(vh.domains ?? []);
      const routes = vh.routes ?? [];
      for (const route of routes) {
        // Sidecars end every vhost list with a catch-all to PassthroughCluster; istioctl hides it.
        if (route.route?.cluster === 'PassthroughCluster') continue;
        rows.push([
          name,
          vh.name ?? '',
          domains,
          describeMatch(route.match),
          describeManagement(route.metadata),
        ]);
      }
      if (routes.length === 0) rows.push([name, vh.name ?? '', domains, '/*', '404']);
    }
  }
  return { columns, rows, padding: 5, items };
}
