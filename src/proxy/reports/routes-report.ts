import type { CommandContext } from '../../core/command.ts';
import type { FlagValues } from '../../core/flag-spec.ts';
import type { Report } from '../../core/report.ts';
import { count } from '../../diagnostics/proxy/proxy-finding.ts';
import type { OpenedDump } from '../../envoy/open-proxy-dump.ts';
import { requireConfigDump } from '../../envoy/open-proxy-dump.ts';
import { allRouteConfigs, readRoutes } from '../../envoy/read-sections.ts';
import { routesTable } from '../../summaries/routes-table.ts';
import type { routesFlags } from '../command-flags.ts';
import { missingSection } from '../missing-section.ts';
import { tableReport } from '../proxy-report.ts';

/** Builds the `routes` report from the loaded dump (the command's spec is in commands/routes.ts). */
export function routesReport(
  opened: OpenedDump,
  filters: FlagValues<typeof routesFlags>,
  _ctx: CommandContext,
): Omit<Report, 'durationMs'> {
  requireConfigDump(opened.dump, 'routes');
  const view = readRoutes(opened.dump);
  if (!view) throw missingSection('routes');
  const configs = allRouteConfigs(view);
  const table = routesTable(configs, { name: filters.name }, { verbose: filters.verbose });
  const shown = table.items ?? 0;
  const routes = filters.verbose ? ` (${count(table.rows.length, 'route')})` : '';
  const headline = filters.name
    ? shown === 0
      ? `No route configuration is named "${filters.name}" on ${opened.target} (${count(configs.length, 'configuration')}).`
      : `Route configuration "${filters.name}" on ${opened.target}${routes}.`
    : `${count(configs.length, 'route configuration')} on ${opened.target}${routes}.`;
  return tableReport({
    command: 'routes',
    opened,
    title: 'Routes',
    table,
    headline,
    problems: view.problems,
    data: { routeConfigurations: configs.length, shown, filters },
    durationMs: 0,
  });
}
