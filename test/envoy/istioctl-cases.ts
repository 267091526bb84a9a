import type { ConfigDump, hasSection } from '../../src/envoy/config-dump.ts';
import { readEcds } from '../../src/envoy/read-bootstrap.ts';
import {
  activeListeners,
  allAssignments,
  allRouteConfigs,
  readClusters,
  readEndpoints,
  readListeners,
  readRoutes,
  readSecrets,
  shownClusters,
} from '../../src/envoy/read-sections.ts';
import { clustersTable } from '../../src/summaries/clusters-table.ts';
import { ecdsTable } from '../../src/summaries/ecds-table.ts';
import { endpointsTable } from '../../src/summaries/endpoints-table.ts';
import { listenersTable } from '../../src/summaries/listeners-table.ts';
import { routesTable } from '../../src/summaries/routes-table.ts';
import { secretsTable } from '../../src/summaries/secrets-table.ts';
import type { SummaryTable } from '../../src/summaries/summary-table.ts';

// The istioctl invocations of the differential test and meshdoc's equivalent table for each.

export type Case = {
  args: string[];
  mine: (d: ConfigDump, now: Date) => SummaryTable | undefined;
  needs: Parameters<typeof hasSection>[1];
};
export const cases: Case[] = [
  {
    args: ['listener'],
    needs: 'listeners',
    mine: (d) => tableOf(readListeners(d), (v) => listenersTable(activeListeners(v), {}, { verbose: true })),
  },
  {
    args: ['listener', '--verbose=false'],
    needs: 'listeners',
    mine: (d) => tableOf(readListeners(d), (v) => listenersTable(activeListeners(v), {}, { verbose: false })),
  },
  {
    args: ['listener', '--port', '15006'],
    needs: 'listeners',
    mine: (d) =>
      tableOf(readListeners(d), (v) =>
        listenersTable(activeListeners(v), { port: 15006 }, { verbose: true }),
      ),
  },
  {
    args: ['cluster'],
    needs: 'clusters',
    mine: (d) => tableOf(readClusters(d), (v) => clustersTable(shownClusters(v), {})),
  },
  {
    args: ['cluster', '--fqdn', 'ratings', '--direction', 'outbound'],
    needs: 'clusters',
    mine: (d) =>
      tableOf(readClusters(d), (v) =>
        clustersTable(shownClusters(v), { fqdn: 'ratings', direction: 'outbound' }),
      ),
  },
  {
    args: ['route'],
    needs: 'routes',
    mine: (d) => tableOf(readRoutes(d), (v) => routesTable(allRouteConfigs(v), {}, { verbose: true })),
  },
  {
    args: ['route', '--verbose=false'],
    needs: 'routes',
    mine: (d) => tableOf(readRoutes(d), (v) => routesTable(allRouteConfigs(v), {}, { verbose: false })),
  },
  {
    args: ['eds'],
    needs: 'endpoints',
    mine: (d) =>
      endpointsTable(allAssignments(readEndpoints(d) ?? { dynamic: [], static: [], problems: [] }), {}),
  },
  {
    args: ['eds', '--status', 'unhealthy'],
    needs: 'endpoints',
    mine: (d) =>
      endpointsTable(allAssignments(readEndpoints(d) ?? { dynamic: [], static: [], problems: [] }), {
        status: 'unhealthy',
      }),
  },
  {
    args: ['secret'],
    needs: 'secrets',
    mine: (d, now) => tableOf(readSecrets(d), (v) => secretsTable(v, now)),
  },
  { args: ['ecds'], needs: 'ecds', mine: (d) => tableOf(readEcds(d), (v) => ecdsTable(v.filters)) },
];

function tableOf<V>(view: V | undefined, f: (v: V) => SummaryTable): SummaryTable | undefined {
  return view ? f(view) : undefined;
}
