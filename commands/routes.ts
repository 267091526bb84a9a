import { count } from '../src/diagnostics/proxy/proxy-finding.ts';
import { requireConfigDump } from '../src/envoy/open-proxy-dump.ts';
import { allRouteConfigs, readRoutes } from '../src/envoy/read-sections.ts';
import { defineProxyCommand, missingSection } from '../src/proxy/define-proxy-command.ts';
import { proxyFlags } from '../src/proxy/proxy-filters.ts';
import { tableReport } from '../src/proxy/proxy-report.ts';
import { routesTable } from '../src/summaries/routes-table.ts';

/** `routes`: route configurations as `istioctl proxy-config routes` prints them. */
export const routes = defineProxyCommand({
  name: 'routes',
  summary:
    "The sidecar's HTTP routes: which host and path go to which cluster, and which VirtualService made them",
  examples: ['routes productpage-v1-6b746f74dc-9stvf -n bookinfo', 'routes --file dump.json --name 9080'],
  flags: { name: proxyFlags.name, verbose: proxyFlags.verbose },
  request: { sections: ['routes'], includeEds: false },
  build(opened, filters) {
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
  },
});
