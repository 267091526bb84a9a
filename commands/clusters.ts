import type { Command } from '../src/core/command.ts';
import { requireConfigDump } from '../src/envoy/open-proxy-dump.ts';
import { missingSection } from '../src/envoy/proxy-command.ts';
import { describeFilters } from '../src/envoy/proxy-filters.ts';
import { plural, tableReport } from '../src/envoy/proxy-report.ts';
import { readClusters, shownClusters } from '../src/envoy/read-sections.ts';
import { clustersTable } from '../src/summaries/clusters-table.ts';
import { defineProxyCommand } from './define-proxy-command.ts';

/** `clusters`: upstream clusters as `istioctl proxy-config clusters` prints them. */
export const clusters: Command = defineProxyCommand({
  name: 'clusters',
  summary: "The sidecar's upstream clusters: services, ports, subsets and the DestinationRule behind each",
  usageTail: '[--fqdn TEXT] [--port N] [--subset TEXT] [--direction inbound|outbound]',
  examples: [
    'clusters productpage-v1-6b746f74dc-9stvs -n bookinfo',
    'clusters --file dump.json --fqdn reviews --port 9080',
  ],
  filters: ['fqdn', 'port', 'subset', 'direction'],
  request: { sections: ['clusters'], includeEds: false },
  build(opened, filters) {
    requireConfigDump(opened.dump, 'clusters');
    const view = readClusters(opened.dump);
    if (!view) throw missingSection('clusters');
    const clusters = shownClusters(view);
    const table = clustersTable(clusters, filters);
    const filtered = describeFilters(filters);
    const warming = view.warming.length > 0 ? ` ${view.warming.length} more are warming and not shown.` : '';
    const headline = filtered
      ? `${table.rows.length} of ${plural(clusters.length, 'cluster')} match ${filtered}.${warming}`
      : `${plural(clusters.length, 'cluster')} on ${opened.target}.${warming}`;
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
  },
});
