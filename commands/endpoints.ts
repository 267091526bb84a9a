import type { Finding } from '../src/core/finding.ts';
import type { FlagValues } from '../src/core/flag-spec.ts';
import type { GatherNote } from '../src/core/report.ts';
import { endpointFindings } from '../src/diagnostics/proxy/endpoint-findings.ts';
import { count } from '../src/diagnostics/proxy/proxy-finding.ts';
import type { DumpProblem } from '../src/envoy/config-dump.ts';
import type { OpenedDump } from '../src/envoy/open-proxy-dump.ts';
import { readClusterStatuses } from '../src/envoy/read-bootstrap.ts';
import { allAssignments, readEndpoints } from '../src/envoy/read-sections.ts';
import { defineProxyCommand } from '../src/proxy/define-proxy-command.ts';
import { describeFilters, proxyFlags } from '../src/proxy/proxy-filters.ts';
import { tableReport } from '../src/proxy/proxy-report.ts';
import { type EndpointHealth, edsHealth, hostHealth } from '../src/summaries/endpoint-health.ts';
import { endpointsTable, filterAssignments } from '../src/summaries/endpoints-table.ts';
import { filterClusterStatuses, hostStatusesTable } from '../src/summaries/host-statuses-table.ts';
import type { SummaryTable } from '../src/summaries/summary-table.ts';

type Built = {
  table: SummaryTable;
  health: EndpointHealth | undefined;
  problems: DumpProblem[];
  notes: GatherNote[];
};

/**
 * `endpoints`: from a config dump taken with include_eds, the EDS table (`istioctl proxy-config eds`:
 * NAME, STATUS, LOCALITY, CLUSTER); from Envoy's /clusters?format=json, the table of `istioctl
 * proxy-config endpoint` (ENDPOINT, STATUS, OUTLIER CHECK, CLUSTER). Unhealthy endpoints are findings.
 */
const flags = {
  cluster: proxyFlags.cluster,
  address: { ...proxyFlags.address, value: 'IP:PORT' },
  port: proxyFlags.port,
  status: proxyFlags.status,
};
type Filters = FlagValues<typeof flags>;

export const endpoints = defineProxyCommand({
  name: 'endpoints',
  summary: 'The endpoints behind each cluster and their health; unhealthy ones are called out',
  examples: [
    'endpoints productpage-v1-6b746f74dc-9stvf -n bookinfo',
    'endpoints --file dump.json --status unhealthy',
    'endpoints --file dump.json --cluster "outbound|9080||reviews.bookinfo.svc.cluster.local"',
  ],
  flags,
  request: { sections: ['endpoints'], includeEds: true },
  build(opened, filters) {
    const built =
      opened.dump.format === 'clusters' ? fromClusterStatuses(opened, filters) : fromEds(opened, filters);
    const findings: Finding[] = built.health ? endpointFindings(built.health, opened.subject) : [];
    const filtered = describeFilters(filters);
    const total = built.health?.total ?? 0;
    const unhealthy =
      built.health && built.health.unhealthy > 0 ? `, ${built.health.unhealthy} not healthy` : '';
    const headline = !built.health
      ? `No endpoints: the dump of ${opened.target} was taken without EDS.`
      : `${count(total, 'endpoint')}${filtered ? ` matching ${filtered}` : ''} on ${opened.target}${unhealthy}.`;
    return tableReport({
      command: 'endpoints',
      opened,
      title: 'Endpoints',
      table: built.table,
      headline,
      findings,
      problems: built.problems,
      notes: built.notes,
      data: {
        endpoints: total,
        unhealthy: built.health?.unhealthy ?? null,
        source: opened.dump.format,
        filters,
      },
      durationMs: 0,
    });
  },
});

function fromEds(opened: OpenedDump, filters: Filters): Built {
  const view = readEndpoints(opened.dump);
  const filter = {
    address: filters.address,
    port: filters.port,
    cluster: filters.cluster,
    status: filters.status,
  };
  if (!view) {
    return {
      table: endpointsTable([], filter),
      health: undefined,
      problems: [],
      notes: [
        {
          evidence: 'EDS section',
          message:
            "not in the dump: take it with /config_dump?include_eds (or give Envoy's /clusters?format=json)",
        },
      ],
    };
  }
  const assignments = allAssignments(view);
  return {
    table: endpointsTable(assignments, filter),
    health: edsHealth(filterAssignments(assignments, filter)),
    problems: view.problems,
    notes: [],
  };
}

function fromClusterStatuses(opened: OpenedDump, filters: Filters): Built {
  const read = readClusterStatuses(opened.dump);
  const clusters = read?.clusters ?? [];
  const filter = {
    address: filters.address,
    port: filters.port,
    cluster: filters.cluster,
    status: filters.status,
  };
  return {
    table: hostStatusesTable(clusters, filter),
    health: hostHealth(filterClusterStatuses(clusters, filter)),
    problems: read?.problems ?? [],
    notes: [],
  };
}
