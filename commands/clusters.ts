import { count } from '../src/diagnostics/proxy/proxy-finding.ts';
import { requireConfigDump } from '../src/envoy/open-proxy-dump.ts';
import { readClusters, shownClusters } from '../src/envoy/read-sections.ts';
import { defineProxyCommand, missingSection } from '../src/proxy/define-proxy-command.ts';
import { describeFilters, proxyFlags } from '../src/proxy/proxy-filters.ts';
import { tableReport } from '../src/proxy/proxy-report.ts';
import { clustersTable } from '../src/summaries/clusters-table.ts';

/** `clusters`: upstream clusters as `istioctl proxy-config clusters` prints them. */
export const clusters = defineProxyCommand({
  name: 'clusters',
  summary: "The sidecar's upstream clusters: services, ports, subsets and the DestinationRule behind each",
  examples: [
    'clusters productpage-v1-6b746f74dc-9stvf -n bookinfo',
    'clusters --file dump.json --fqdn reviews --port 9080',
  ],
  flags: {
    fqdn: proxyFlags.fqdn,
    port: proxyFlags.port,
    subset: proxyFlags.subset,
    direction: proxyFlags.direction,
  },
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
  },
});
