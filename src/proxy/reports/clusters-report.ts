import type { CommandContext } from '../../core/command.ts';
import type { FlagValues } from '../../core/flag-spec.ts';
import type { Report } from '../../core/report.ts';
import { count } from '../../diagnostics/proxy/proxy-finding.ts';
import type { OpenedDump } from '../../envoy/open-proxy-dump.ts';
import { requireConfigDump } from '../../envoy/open-proxy-dump.ts';
import { readClusters, shownClusters } from '../../envoy/read-sections.ts';
import { clustersTable } from '../../summaries/clusters-table.ts';
import type { clustersFlags } from '../command-flags.ts';
import { missingSection } from '../missing-section.ts';
import { describeFilters } from '../proxy-filters.ts';
import { tableReport } from '../proxy-report.ts';

/** Builds the `clusters` report from the loaded dump (the command's spec is in commands/clusters.ts). */
export function clustersReport(
  opened: OpenedDump,
  filters: FlagValues<typeof clustersFlags>,
  _ctx: CommandContext,
): Omit<Report, 'durationMs'> {
  requireConfigDump(opened.dump, 'clusters');
  const view = readClusters(opened.dump);
  if (!view) throw missingSection('clusters');
  const clusters = shownClusters(view);
  const table = clustersTable(clusters, filters);
  const filtered = describeFilters(filters);
  const warming = view.warming.length > 0 ? ` ${view.warming.length} more are warming and not shown.` : '';
  const headline = filtered
    ? `${table.rows.length} of ${count(clusters.length, 'cluster')} match ${filtered}.${warming}`
    : `${count(clusters.length, 'cluster')} on ${opened.target}.${warming}`;
  return tableReport({
    command: 'clusters',
    opened,
    title: 'Clusters',
    table,
    headline,
    problems: view.problems,
    data: { clusters: clusters.length, warming: view.warming.length, filters },
    durationMs: 0,
  });
}
