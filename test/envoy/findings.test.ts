import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configDump } from '../../commands/config-dump.ts';
import { secrets } from '../../commands/secrets.ts';
import type { Finding } from '../../src/core/finding.ts';
import { certificateFindings } from '../../src/diagnostics/proxy/certificate-findings.ts';
import { openConfigDump } from '../../src/envoy/config-dump.ts';
import { summarizeConfigDump } from '../../src/summaries/config-dump-summary.ts';
import { proxyChecks } from '../helpers/proxy-checks.ts';
import { fixture, fixtureNow, runProxyCommand } from './run-proxy-command.ts';

const subject = { kind: 'Pod', namespace: 'default', name: 'web-1' };
const problems = openConfigDump(readFileSync(fixture('problems.json')), 'problems.json');
const brief = (f: Finding) => `${f.code} ${f.severity} ${f.message}`;

describe('config-dump summary of a proxy with problems (now = 2030-01-01)', () => {
  const summary = summarizeConfigDump(problems, fixtureNow, subject);

  it('calls out every problem, worst first', () => {
    expect(summary.findings.map(brief)).toEqual([
      'MESH0502 error 1 cluster has endpoints but none healthy: requests to it fail with 503 "no healthy upstream".',
      'MESH0504 error CA certificate "ROOTCA" expired 1 day ago (2029-12-31T00:00:00Z): TLS with it fails.',
      'MESH0506 error CA certificate "file-root:/etc/certs/future-root.pem" is not valid until 2030-01-03T00:00:00Z: peers reject it. Is a clock wrong?',
      'MESH0509 error Envoy rejected 1 configuration update from istiod and keeps running the previous one (first: cluster outbound|8080||db.default.svc.cluster.local).',
      'MESH0501 warning 3 of 4 endpoints are not healthy (UNHEALTHY 2, DRAINING 1) in 2 clusters.',
      'MESH0505 warning Certificate "kubernetes://ingress-cert" expires in 3 days (2030-01-04T00:00:00Z).',
      'MESH0505 warning Certificate "default" expires in 2 hours (2030-01-01T02:00:00Z) and is overdue for rotation.',
      'MESH0507 warning SDS secret "kubernetes://missing-cert" was requested but never delivered: listeners and clusters that use it do not serve TLS yet.',
      'MESH0508 warning 1 cluster and 1 listener are warming: Envoy waits for their endpoints, routes or secrets and sends them no traffic yet.',
    ]);
    expect(summary.findings.every((f) => f.subject === subject)).toBe(true);
  });

  it('counts resources and lists missing sections', () => {
    expect(summary.resources.map((r) => [r.resource, r.total])).toEqual([
      ['Listeners', 0],
      ['Clusters', 2],
      ['Endpoints', 4],
      ['Secrets', 6],
    ]);
    expect(summary.missing).toEqual(['routes']);
    expect(summary.versions?.istioVersion).toBe('1.28.2');
  });

  it('every finding code is in the MESH05xx catalogue', () => {
    const codes = new Set<string>(Object.values(proxyChecks).map((c) => c.code));
    for (const f of summary.findings) expect(codes.has(f.code)).toBe(true);
    expect([...codes].every((c) => /^MESH05\d\d$/.test(c))).toBe(true);
  });
});

describe('certificate expiry rules', () => {
  const items = (notBefore: string, notAfter: string) => [
    {
      name: 'x',
      state: 'ACTIVE' as const,
      cert: {
        type: 'Cert Chain' as const,
        serial: '01',
        notBefore: new Date(notBefore),
        notAfter: new Date(notAfter),
        trustDomain: '',
      },
    },
  ];
  const at = new Date('2030-01-01T00:00:00Z');
  it.each([
    ['a 24 h workload certificate at mid-life is fine', '2029-12-31T12:00:00Z', '2030-01-01T12:00:00Z', []],
    [
      'a 24 h certificate in its last quarter is overdue',
      '2029-12-31T04:00:00Z',
      '2030-01-01T04:00:00Z',
      ['MESH0505'],
    ],
    ['a 90-day certificate 8 days before expiry is fine', '2029-10-11T00:00:00Z', '2030-01-09T00:00:00Z', []],
    [
      'a 90-day certificate 6 days before expiry warns',
      '2029-10-08T00:00:00Z',
      '2030-01-07T00:00:00Z',
      ['MESH0505'],
    ],
    ['expiring exactly now is expired', '2029-01-01T00:00:00Z', '2030-01-01T00:00:00Z', ['MESH0504']],
  ])('%s', (_what, from, to, codes) => {
    expect(certificateFindings(items(from, to), at, subject).map((f) => f.code)).toEqual(codes);
  });
});

describe('commands report the same findings', () => {
  it('secrets: certificate findings and the VALID CERT column use the same now', async () => {
    const report = await runProxyCommand(secrets, ['web-1'], { file: fixture('problems.json') });
    expect(report.headline).toBe('6 secrets on default/web-1, 5 certificates; 5 problems (2 blocking).');
    const table = report.sections.find((s) => s.kind === 'table');
    if (table?.kind !== 'table') throw new Error('no table');
    expect(table.rows.map((r) => [r[0], r[3]])).toEqual([
      ['kubernetes://missing-cert', 'false'],
      ['ROOTCA', 'false'],
      ['kubernetes://ingress-cert', 'true'],
      ['default', 'true'],
      ['file-root:/etc/certs/future-root.pem', 'false'],
      ['kubernetes://api-cert', 'true'],
    ]);
  });

  it('config-dump: verdict, sections and a redacted attachment', async () => {
    const report = await runProxyCommand(configDump, [], { file: fixture('problems.json') });
    expect(report.verdict).toBe('errors');
    expect(report.sections.map((s) => s.title)).toEqual(['Findings', 'Proxy', 'Resources', 'Certificates']);
    expect(report.attachments[0]?.filename).toBe('config_dump-problems.json');
    expect(report.notes).toEqual([
      { evidence: 'routes section', message: 'not in the dump (taken with ?mask=…?)' },
    ]);
  });
});
