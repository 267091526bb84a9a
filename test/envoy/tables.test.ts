import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openConfigDump } from '../../src/envoy/config-dump.ts';
import {
  activeListeners,
  allAssignments,
  allRouteConfigs,
  readClusters,
  readEndpoints,
  readListeners,
  readRoutes,
  shownClusters,
} from '../../src/envoy/read-sections.ts';
import { clustersTable } from '../../src/summaries/clusters-table.ts';
import { describeRouteDomains } from '../../src/summaries/describe-route.ts';
import { endpointsTable } from '../../src/summaries/endpoints-table.ts';
import { listenersTable } from '../../src/summaries/listeners-table.ts';
import { routesTable } from '../../src/summaries/routes-table.ts';
import { fixture } from './run-proxy-command.ts';

// Filters and columns on meshdoc's own sidecar fixture (3 services: HTTP on 3000 and 8080, subsets v1/v2).
const dump = openConfigDump(readFileSync(fixture('sidecar-small.json')), 'sidecar-small.json');
const listeners = activeListeners(readListeners(dump) ?? { dynamic: [], static: [], problems: [] });
const clusters = shownClusters(readClusters(dump) ?? { active: [], warming: [], static: [], problems: [] });
const routes = readRoutes(dump);
const endpoints = readEndpoints(dump);
const column = (rows: string[][], i: number) => rows.map((r) => r[i]);

describe('listeners table filters', () => {
  it('--port keeps one listener, all its chains, sorted by destination descending', () => {
    const t = listenersTable(listeners, { port: 15006 }, { verbose: true });
    expect(new Set(column(t.rows, 1))).toEqual(new Set(['15006']));
    expect(t.items).toBe(1);
    const destinations = column(t.rows, 3) as string[];
    expect(destinations).toEqual([...destinations].sort().reverse());
  });

  it('--type matches the computed TYPE case-insensitively; non-verbose prints one row per listener', () => {
    const t = listenersTable(listeners, { type: 'http' }, { verbose: false });
    expect(t.columns).toEqual(['ADDRESSES', 'PORT', 'TYPE']);
    // 3000 and 8080 also have a TCP default chain (to PassthroughCluster), so they are HTTP+TCP.
    expect(t.rows).toEqual([
      ['0.0.0.0', '15021', 'HTTP'],
      ['0.0.0.0', '15090', 'HTTP'],
    ]);
    expect(listenersTable(listeners, { type: 'HTTP+TCP' }, { verbose: false }).rows.map((r) => r[1])).toEqual(
      ['3000', '8080', '15006'],
    );
  });

  it('a TCP proxy to BlackHoleCluster does not count as TCP', () => {
    const t = listenersTable(listeners, { port: 15001 }, { verbose: false });
    expect(t.rows).toEqual([['0.0.0.0', '15001', 'TCP']]);
  });

  it('--address compares with the address, case-insensitively', () => {
    expect(listenersTable(listeners, { address: '10.0.0.1' }, { verbose: true }).rows).toEqual([]);
    expect(listenersTable(listeners, { address: '0.0.0.0' }, { verbose: false }).items).toBe(
      listeners.length,
    );
  });
});

describe('clusters table filters (substrings of the raw name, as istioctl)', () => {
  it.each([
    [{ fqdn: 'ratings-0' }, 3],
    [{ subset: 'v2' }, 1],
    [{ direction: 'inbound' }, 1], // "inbound|9080||" only: "InboundPassthroughCluster" differs in case
    [{ port: 8080 }, 2],
    [{ fqdn: 'ratings', port: 3000, subset: 'v1' }, 1],
  ])('%j → %i rows', (filter, n) => {
    expect(clustersTable(clusters, filter).rows).toHaveLength(n);
  });
});

describe('routes table', () => {
  it('--name is exact; non-verbose counts virtual hosts; PassthroughCluster routes are hidden', () => {
    if (!routes) throw new Error('no routes');
    const configs = allRouteConfigs(routes);
    expect(routesTable(configs, { name: '80' }, { verbose: true }).rows).toEqual([]);
    expect(routesTable(configs, { name: '8080' }, { verbose: false }).rows).toEqual([['8080', '3']]);
    expect(routesTable(configs, {}, { verbose: true }).rows.some((r) => r[1] === 'allow_any')).toBe(false);
  });

  it('domains: ports dropped, long forms dropped when the short one is there, two shown', () => {
    expect(
      describeRouteDomains([
        'reviews',
        'reviews:9080',
        'reviews.default',
        'reviews.default.svc',
        'reviews.default.svc.cluster.local',
        '10.96.0.7',
      ]),
    ).toBe('reviews, reviews.default + 1 more...');
    expect(describeRouteDomains(['[fd00:10:96::7fc7]', '[fd00:10:96::7fc7]:8090', 'a'])).toBe(
      '[fd00:10:96::7fc7], a',
    );
    expect(describeRouteDomains(['only:80'])).toBe('only:80');
  });
});

describe('endpoints (EDS) table filters', () => {
  const assignments = endpoints ? allAssignments(endpoints) : [];
  it.each([
    [{ address: '10.244.0.10:3000' }, 3],
    [{ address: '10.244.0.10' }, 0], // istioctl's EDS table compares with ip:port
    [{ port: 8080 }, 6],
    [{ cluster: 'OUTBOUND|3000|V1|RATINGS-0.TEAM-00.SVC.CLUSTER.LOCAL' }, 2],
    [{ status: 'healthy' }, 12],
    [{ status: 'UNHEALTHY' }, 0],
  ])('%j → %i rows', (filter, n) => {
    expect(endpointsTable(assignments, filter).rows).toHaveLength(n);
  });
});
