import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openConfigDump } from '../../src/envoy/config-dump.ts';
import { readBootstrap, readEcds } from '../../src/envoy/read-bootstrap.ts';
import {
  activeListeners,
  allAssignments,
  allRouteConfigs,
  readClusters,
  readEndpoints,
  readListeners,
  readRoutes,
  readSecrets,
} from '../../src/envoy/read-sections.ts';
import { bootstrapVersions } from '../../src/summaries/bootstrap-versions.ts';
import { clustersTable } from '../../src/summaries/clusters-table.ts';
import { ecdsTable } from '../../src/summaries/ecds-table.ts';
import { endpointsTable } from '../../src/summaries/endpoints-table.ts';
import { listenersTable } from '../../src/summaries/listeners-table.ts';
import { routesTable } from '../../src/summaries/routes-table.ts';
import { secretsTable } from '../../src/summaries/secrets-table.ts';
import { renderIstioctlTable, type SummaryTable } from '../../src/summaries/summary-table.ts';
import { renderBootstrapSummary } from './render-bootstrap-summary.ts';
import { splitAllSummary, splitIstioctlTable } from './split-istioctl-table.ts';

// Conformance with istioctl: for every fixture in ../shared/fixtures/istio/proxy-config that has
// istioctl's expected output, meshdoc's table must have the same rows and cells (compared cell by
// cell after splitting the columns) and, since meshdoc ports Go's tabwriter, the same bytes.
// Row order: istioctl sorts with Go's sort.Slice, which is not stable and, for route names, uses a
// comparator that is not an order. meshdoc runs a port of that same algorithm on the same input order
// (dynamic resources, then static), so rows are compared in order, ties included.
// VALID CERT depends on the clock: the goldens were made in 2024–2025, so `now` is fixed at 2025-06-01.

const root = fileURLToPath(new URL('../../../shared/fixtures/istio', import.meta.url));
const present = existsSync(join(root, 'proxy-config'));
if (!present) console.warn(`[conformance] ${root} is absent: istioctl conformance tests are SKIPPED.`);

const now = new Date('2025-06-01T00:00:00Z');
const load = (path: string) => openConfigDump(readFileSync(join(root, path)), path);
const expected = (path: string) => readFileSync(join(root, path), 'utf8');

/** Same cells row by row (spacing ignored), then the same bytes. */
function expectConforms(table: SummaryTable, golden: string): void {
  const cells = splitIstioctlTable(golden, table.columns);
  expect(table.rows.map((r) => r.map((c) => c.trim()))).toEqual(cells);
  expect(renderIstioctlTable(table)).toBe(golden);
}

describe.skipIf(!present)('istioctl conformance (../shared/fixtures/istio/proxy-config)', () => {
  it.each(['empty-gateway', 'istio-gateway-http-route-prefix', 'k8s-gateway-http-route-path-prefix'])(
    'routes/%s',
    (name) => {
      const routes = readRoutes(load(`proxy-config/routes/${name}/configdump.json`));
      if (!routes) throw new Error('no routes section');
      expectConforms(
        routesTable(allRouteConfigs(routes), {}, { verbose: true }),
        expected(`proxy-config/routes/${name}/output.txt`),
      );
    },
  );

  it.each([
    ['emptyfilter_output.txt', {}],
    ['portfilter_output.txt', { port: 8080 }],
  ])('endpoint (EDS) %s', (file, filter) => {
    const endpoints = readEndpoints(load('proxy-config/endpoint/configdump.json'));
    if (!endpoints) throw new Error('no endpoints section');
    expectConforms(
      endpointsTable(allAssignments(endpoints), filter),
      expected(`proxy-config/endpoint/${file}`),
    );
  });

  it.each(['istio', 'spire'])('secret/%s', (name) => {
    const secrets = readSecrets(load(`proxy-config/secret/${name}/config_dump.json`));
    if (!secrets) throw new Error('no secrets section');
    expectConforms(secretsTable(secrets, now), expected(`proxy-config/secret/${name}/output`));
  });

  it('ecds', () => {
    const ecds = readEcds(load('proxy-config/ecds/configdump.json'));
    if (!ecds) throw new Error('no ECDS section');
    expectConforms(ecdsTable(ecds.filters), expected('proxy-config/ecds/output.txt'));
  });

  describe('all (the `proxy-config all` summary: bootstrap, clusters, listeners, routes, secrets, EDS)', () => {
    const dump = present ? load('proxy-config/all/config_dump.json') : undefined;
    const golden = present ? splitAllSummary(expected('proxy-config/all/expected-all-summary.txt')) : [];
    const prefixed = { withTypePrefix: true };
    const tables = (): SummaryTable[] => {
      if (!dump) return [];
      const [clusters, listeners, routes, secrets, endpoints] = [
        readClusters(dump),
        readListeners(dump),
        readRoutes(dump),
        readSecrets(dump),
        readEndpoints(dump),
      ];
      if (!clusters || !listeners || !routes || !secrets || !endpoints)
        throw new Error('a section is missing');
      return [
        clustersTable(
          [...clusters.active.flatMap((c) => (c.cluster ? [c.cluster] : [])), ...clusters.static],
          {},
          prefixed,
        ),
        listenersTable(activeListeners(listeners), {}, { verbose: true, ...prefixed }),
        routesTable(allRouteConfigs(routes), {}, { verbose: true, ...prefixed }),
        secretsTable(secrets, now, prefixed),
        endpointsTable(allAssignments(endpoints), {}, prefixed),
      ];
    };

    it('has the six sections istioctl prints', () => expect(golden).toHaveLength(6));

    it('bootstrap versions', () => {
      const boot = dump && readBootstrap(dump);
      if (!boot) throw new Error('no bootstrap');
      expect(renderBootstrapSummary(bootstrapVersions(boot.bootstrap))).toBe(golden[0]);
    });

    it.each(['clusters', 'listeners', 'routes', 'secrets', 'endpoints'].map((name, i) => [name, i] as const))(
      '%s',
      (_name, i) => {
        const table = tables()[i];
        if (!table) throw new Error('table missing');
        expectConforms(table, golden[i + 1] ?? '');
      },
    );

    it('the whole text, with and without headers, is byte-identical', () => {
      const boot = dump && readBootstrap(dump);
      if (!boot) throw new Error('no bootstrap');
      const parts = [
        renderBootstrapSummary(bootstrapVersions(boot.bootstrap)),
        ...tables().map(renderIstioctlTable),
      ];
      const titles = [
        'BOOTSTRAP INFO',
        'CLUSTER INFO',
        'LISTENER INFO',
        'ROUTE INFO',
        'SECRET INFO',
        'ENDPOINTS INFO',
      ];
      expect(parts.join('\n')).toBe(expected('proxy-config/all/expected-all-summary.txt'));
      const withHeaders = parts.map((p, i) => `------ ${titles[i]} ------\n\n${p}`).join('\n');
      expect(withHeaders).toBe(expected('proxy-config/all/expected-all-summary-withheaders.txt'));
    });
  });
});
