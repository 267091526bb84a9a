import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusters } from '../../commands/clusters.ts';
import { configDump } from '../../commands/config-dump.ts';
import { endpoints } from '../../commands/endpoints.ts';
import { listeners } from '../../commands/listeners.ts';
import { routes } from '../../commands/routes.ts';
import { secrets } from '../../commands/secrets.ts';
import { ReportSchema } from '../../src/core/report.ts';
import { attachRowsOver } from '../../src/proxy/proxy-report.ts';
import { JsonReportSchema, renderJson } from '../../src/renderers/json.ts';
import { renderText } from '../../src/renderers/text.ts';
import { writeSyntheticDump } from '../helpers/synthetic/write-synthetic-dump.ts';
import { fixture, fixtureNow, runProxyCommand } from './run-proxy-command.ts';

const small = fixture('sidecar-small.json');

describe('every proxy command answers from --file with a valid report', () => {
  it.each([
    [listeners, small, /^6 listeners on sidecar-small\.json \(15 filter chains\)\.$/],
    [routes, small, /^2 route configurations on sidecar-small\.json \(3 routes\)\.$/],
    [clusters, small, /^10 clusters on sidecar-small\.json\.$/],
    [endpoints, small, /^12 endpoints on sidecar-small\.json\.$/],
    [secrets, small, /^2 secrets on sidecar-small\.json, 2 certificates\.$/],
    [
      configDump,
      small,
      /^Istio 1\.28\.2, Envoy 1\.36\.2 on sidecar-small\.json: 6 listeners, 10 clusters, 12 endpoints, 2 certificates\.$/,
    ],
  ])('%#: %s', async (command, file, headline) => {
    const report = await runProxyCommand(command, [], { file });
    expect(ReportSchema.parse(report)).toBeDefined();
    expect(report.headline).toMatch(headline);
    expect(report.cluster).toBe(`files:${file}`);
    expect(JsonReportSchema.parse(JSON.parse(renderJson(report)))).toBeDefined();
    expect(renderText(report)).toContain(report.headline);
  });

  it('filters narrow the table and say so in the headline', async () => {
    const report = await runProxyCommand(listeners, [], { file: small, port: '15006', verbose: false });
    expect(report.headline).toBe('1 of 6 listeners match --port 15006.');
    const table = report.sections.find((s) => s.kind === 'table');
    expect(table?.kind === 'table' && table.rows).toEqual([['0.0.0.0', '15006', 'HTTP+TCP']]);
  });
});

describe('long tables are attached in full, as istioctl prints them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshdoc-long-'));
  const file = join(dir, 'dump.json');
  let text = '';
  writeSyntheticDump(
    (c) => {
      text += c;
    },
    { services: 120, seed: 5, now: fixtureNow },
  );
  writeFileSync(file, text);

  it('clusters: table section with every row, plus a .txt attachment in tabwriter format', async () => {
    const report = await runProxyCommand(clusters, ['shop/web-1'], { file });
    const table = report.sections.find((s) => s.kind === 'table');
    if (table?.kind !== 'table') throw new Error('no table');
    expect(table.rows.length).toBeGreaterThan(attachRowsOver);
    expect(report.attachments).toHaveLength(1);
    const [attachment] = report.attachments;
    expect(attachment?.filename).toBe('clusters-shop_web-1.txt');
    const lines = attachment && 'content' in attachment ? attachment.content.trimEnd().split('\n') : [];
    expect(lines).toHaveLength(table.rows.length + 1);
    expect(lines[0]).toMatch(
      /^SERVICE FQDN {5,}PORT {5,}SUBSET {5,}DIRECTION {5,}TYPE {5,}DESTINATION RULE$/,
    );
  });

  it('short tables are not attached', async () => {
    expect((await runProxyCommand(routes, [], { file: small })).attachments).toEqual([]);
  });
});

describe('endpoints', () => {
  it("reads Envoy's /clusters output: istioctl proxy-config endpoint's table, ejected hosts called out", async () => {
    const report = await runProxyCommand(endpoints, [], { file: fixture('clusters-status.json') });
    const table = report.sections.find((s) => s.kind === 'table');
    expect(table?.kind === 'table' && table.columns).toEqual([
      'ENDPOINT',
      'STATUS',
      'OUTLIER CHECK',
      'CLUSTER',
    ]);
    expect(table?.kind === 'table' && table.rows).toEqual([
      ['10.244.0.21:9080', 'HEALTHY', 'FAILED', 'outbound|9080||reviews.default.svc.cluster.local'],
      ['10.244.0.22:9080', 'HEALTHY', 'OK', 'outbound|9080||reviews.default.svc.cluster.local'],
      ['10.244.0.30:9080', 'UNHEALTHY', 'OK', 'outbound|9080||ratings.default.svc.cluster.local'],
      ['unix://./etc/istio/proxy/XDS', 'HEALTHY', 'OK', 'xds-grpc'],
    ]);
    const codes = report.sections.flatMap((s) =>
      s.kind === 'findings' ? s.findings.map((f) => `${f.code} ${f.severity}`) : [],
    );
    expect(codes).toEqual(['MESH0502 error', 'MESH0501 warning', 'MESH0503 warning']);
  });

  it('findings follow the filter: only the shown endpoints count', async () => {
    const report = await runProxyCommand(endpoints, [], {
      file: fixture('problems.json'),
      cluster: 'outbound|8080||api.default.svc.cluster.local',
    });
    expect(report.headline).toBe(
      '2 endpoints matching --cluster outbound|8080||api.default.svc.cluster.local on problems.json, 1 not healthy.',
    );
    const codes = report.sections.flatMap((s) =>
      s.kind === 'findings' ? s.findings.map((f) => f.code) : [],
    );
    expect(codes).toEqual(['MESH0501']);
  });

  it('a dump without EDS gives an empty table and says how to get EDS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshdoc-noeds-'));
    const file = join(dir, 'dump.json');
    let text = '';
    writeSyntheticDump(
      (c) => {
        text += c;
      },
      { services: 2, seed: 1, now: fixtureNow, includeEds: false },
    );
    writeFileSync(file, text);
    const report = await runProxyCommand(endpoints, [], { file });
    expect(report.headline).toBe('No endpoints: the dump of dump.json was taken without EDS.');
    expect(report.notes[0]?.message).toMatch(/include_eds/);
  });
});
