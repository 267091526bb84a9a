import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateConfigDumpFile } from '../../scripts/gen-config-dump.ts';
import { openConfigDump, sectionTypeUrls } from '../../src/envoy/config-dump.ts';
import { readSecrets } from '../../src/envoy/read-sections.ts';
import { summarizeConfigDump } from '../../src/summaries/config-dump-summary.ts';
import { secretItems } from '../../src/summaries/secrets-table.ts';

describe('synthetic config dump generator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meshdoc-gen-'));
  const now = new Date('2030-01-01T00:00:00Z');
  const generated = generateConfigDumpFile(join(dir, 'dump.json'), { sizeMb: 10, seed: 2, now });
  const bytes = readFileSync(generated.path);

  it('hits the requested size within 10%', () => {
    expect(generated.bytes).toBe(bytes.length);
    expect(Math.abs(bytes.length / (10 * 1024 * 1024) - 1)).toBeLessThan(0.1);
  });

  it("is valid JSON in Envoy's layout, with every section in Envoy's order", () => {
    expect(() => JSON.parse(bytes.toString())).not.toThrow();
    expect(bytes.toString('utf8', 0, 200)).toMatch(
      /^\{\n "configs": \[\n {2}\{\n {3}"@type": "type\.googleapis\.com\/envoy\.admin\.v3\.BootstrapConfigDump",\n {3}"bootstrap": \{\n {4}"node"/,
    );
    const dump = openConfigDump(bytes, 'dump.json');
    const order = [
      'bootstrap',
      'clusters',
      'endpoints',
      'listeners',
      'scopedRoutes',
      'routes',
      'secrets',
    ] as const;
    expect(dump.sections.map((s) => s.typeUrl)).toEqual(order.map((n) => sectionTypeUrls[n]));
  });

  it('has real certificates, a few unhealthy endpoints, and nothing else wrong', () => {
    const dump = openConfigDump(bytes, 'dump.json');
    const certs = secretItems(readSecrets(dump) ?? { active: [], warming: [], problems: [] });
    expect(certs.map((c) => c.cert?.type)).toEqual(['Cert Chain', 'CA']);
    const pem = Buffer.from(
      JSON.parse(bytes.toString()).configs[6].dynamic_active_secrets[0].secret.tls_certificate
        .certificate_chain.inline_bytes,
      'base64',
    ).toString();
    expect(new X509Certificate(pem).subjectAltName).toBe(
      'URI:spiffe://cluster.local/ns/default/sa/bookinfo-productpage',
    );
    const summary = summarizeConfigDump(dump, now, { kind: 'ConfigDump', name: 'dump.json' });
    expect(summary.problems).toEqual([]);
    expect(summary.findings.map((f) => f.code).sort()).toEqual(['MESH0501', 'MESH0502']);
    const health = summary.endpointHealth;
    expect(health && health.unhealthy / health.total).toBeGreaterThan(0.01);
    expect(health && health.unhealthy / health.total).toBeLessThan(0.06);
  });
});
