import type { Listener } from '../schemas/envoy/listener-schema.ts';
import {
  describeChainDestination,
  describeChainMatch,
  filterChains,
  listenerAdditionalAddresses,
  listenerAddress,
  listenerPort,
  listenerType,
} from './describe-listener.ts';
import { goSortSlice } from './go-sort-slice.ts';
import { equalFold, type SummaryTable } from './summary-table.ts';

export type ListenerFilter = {
  address?: string | undefined;
  port?: number | undefined;
  type?: string | undefined;
};
export type ListenerTableOptions = {
  /** istioctl's default: one row per filter chain with MATCH and DESTINATION; false gives TYPE per listener. */
  verbose: boolean;
  /** `proxy-config all` style: a leading NAME column with `listener/<name>`. */
  withTypePrefix?: boolean;
};

type Row = { listener: Listener; address: string; port: number; type: string };

/**
 * `istioctl proxy-config listeners`: listeners (active dynamic, then static) that pass the filter, sorted
 * by port, address and type with Go's sort so ties come out as istioctl prints them.
 */
export function listenersTable(
  listeners: readonly Listener[],
  filter: ListenerFilter,
  options: ListenerTableOptions,
): SummaryTable {
  const rows: Row[] = listeners
    .map((listener) => ({
      listener,
      address: listenerAddress(listener),
      port: listenerPort(listener),
      type: listenerType(listener),
    }))
    .filter((r) => matchesListener(r, filter));
  goSortSlice(rows, (a, b) => {
    if (a.port !== b.port) return a.port < b.port;
    if (a.address !== b.address) return a.address < b.address;
    return a.type < b.type;
  });
  const prefix = options.withTypePrefix ? ['NAME'] : [];
  const columns = [
    ...prefix,
    'ADDRESSES',
    'PORT',
    ...(options.verbose ? ['MATCH', 'DESTINATION'] : ['TYPE']),
  ];
  const cells: string[][] = [];
  for (const r of rows) {
    const name = options.withTypePrefix ? [`listener/${r.listener.name ?? ''}`] : [];
    const addresses = [r.address, ...listenerAdditionalAddresses(r.listener)].join(',');
    if (!options.verbose) {
      cells.push([...name, addresses, String(r.port), r.type]);
      continue;
    }
    const chains = filterChains(r.listener).map((fc) => ({
      match: describeChainMatch(fc.filter_chain_match),
      destination: describeChainDestination(fc.filters),
    }));
    goSortSlice(chains, (a, b) => a.destination > b.destination);
    for (const c of chains) cells.push([...name, addresses, String(r.port), c.match, c.destination]);
  }
  return { columns, rows: cells, padding: 1, items: rows.length };
}

function matchesListener(r: Row, filter: ListenerFilter): boolean {
  if (filter.address) {
    const all = [...listenerAdditionalAddresses(r.listener), r.address];
    if (!all.some((a) => equalFold(a, filter.address as string))) return false;
  }
  if (filter.port && r.port !== filter.port) return false;
  if (filter.type && !equalFold(r.type, filter.type)) return false;
  return true;
}
