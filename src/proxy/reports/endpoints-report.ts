import type { CommandContext } from '../../core/command.ts';
import type { Finding } from '../../core/finding.ts';
import type { FlagValues } from '../../core/flag-spec.ts';
import type { GatherNote, Report } from '../../core/report.ts';
import { endpointFindings } from '../../diagnostics/proxy/endpoint-findings.ts';
import { count } from '../../diagnostics/proxy/proxy-finding.ts';
import type { DumpProblem } from '../../envoy/config-dump.ts';
import type { OpenedDump } from '../../envoy/open-proxy-dump.ts';
import { readClusterStatuses } from '../../envoy/read-bootstrap.ts';
import { allAssignments, readEndpoints } from '../../envoy/read-sections.ts';
import { type EndpointHealth, edsHealth, hostHealth } from '../../summaries/endpoint-health.ts';
import { endpointsTable, filterAssignments } from '../../summaries/endpoints-table.ts';
import { filterClusterStatuses, hostStatusesTable } from '../../summaries/host-statuses-table.ts';
import type { SummaryTable } from '../../summaries/summary-table.ts';
import type { endpointsFlags } from '../command-flags.ts';
import { describeFilters } from '../proxy-filters.ts';
import { tableReport } from '../proxy-report.ts';

type Built = {
  table: SummaryTable;
  health: EndpointHealth | undefined;
  problems: DumpProblem[];
  notes: GatherNote[];
};

type Filters = FlagValues<typeof endpointsFlags>;

/** Builds the `endpoints` report from the loaded dump (the command's spec is in commands/endpoints.ts). */
export function endpointsReport(
  opened: OpenedDump,
  filters: FlagValues<typeof endpointsFlags>,
  _ctx: CommandContext,
): Omit<Report, 'durationMs'> {
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
}

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
