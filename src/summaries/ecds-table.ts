import type { EcdsFilter } from '../schemas/envoy/bootstrap-schema.ts';
import { goSortSlice } from './go-sort-slice.ts';
import type { SummaryTable } from './summary-table.ts';

/** `istioctl proxy-config ecds`: extension configs sorted by type URL, then name. */
export function ecdsTable(filters: readonly EcdsFilter[]): SummaryTable {
  const items = filters.map((f) => ({
    name: f.ecds_filter?.name ?? '',
    type: f.ecds_filter?.typed_config?.['@type'] ?? '',
  }));
  goSortSlice(items, (a, b) => (a.type === b.type ? a.name < b.name : a.type < b.type));
  return {
    columns: ['ECDS NAME', 'TYPE'],
    rows: items.map((i) => [i.name, i.type.replace(/^type\.googleapis\.com\//, '')]),
    padding: 5,
  };
}
