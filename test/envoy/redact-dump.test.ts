import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configDump } from '../../commands/config-dump.ts';
import { redactDump } from '../../src/envoy/redact-dump.ts';
import { plantEscapedKey, plantSecrets } from './plant-secrets.ts';
import { fixture, runProxyCommand } from './run-proxy-command.ts';

// Planted secrets in real dumps (../shared/fixtures/istio, when present) and in meshdoc's own fixtures:
// after redaction none survives, the JSON still parses, and nothing but the planted values changed.
const shared = fileURLToPath(new URL('../../../shared/fixtures/istio', import.meta.url));
const haveShared = existsSync(shared);
if (!haveShared)
  console.warn(`[redaction] ${shared} is absent: redaction is tested on meshdoc's own fixtures only.`);
const real = haveShared
  ? [
      'proxy-config/all/config_dump.json',
      'proxy-config/secret/istio/config_dump.json',
      'proxy-config/secret/spire/config_dump.json',
      'proxy-config/endpoint/configdump.json',
      'proxy-config/ecds/configdump.json',
      'proxy-config/routes/k8s-gateway-http-route-path-prefix/configdump.json',
      'describe/http_config.json',
      'describe/tls_config.json',
    ].map((p) => join(shared, p))
  : [];
const dumps = [...real, fixture('sidecar-small.json'), fixture('problems.json')];
const markers = new Set(['[redacted]', 'W3JlZGFjdGVkXQ==']);

/** Leaves that differ between input and output; each must have become a marker. */
function changedLeaves(a: unknown, b: unknown, path = ''): { path: string; to: unknown }[] {
  if (a && typeof a === 'object') {
    return Object.keys(a).flatMap((k) =>
      changedLeaves((a as Record<string, unknown>)[k], (b as Record<string, unknown>)?.[k], `${path}.${k}`),
    );
  }
  return a === b ? [] : [{ path, to: b }];
}

describe.each(dumps.map((d) => [d.split('/').slice(-2).join('/'), d]))('redaction of %s', (_name, file) => {
  it.each([1, 2, 0])(
    'with planted secrets, indentation %i: nothing survives, nothing else changes',
    (indent) => {
      const dump = JSON.parse(readFileSync(file, 'utf8'));
      const { secrets, planted } = plantSecrets(dump);
      const input = JSON.stringify(dump, null, indent);
      const { text, redacted } = redactDump(Buffer.from(input));
      for (const s of secrets) expect(text).not.toContain(s);
      expect(text).not.toContain('PLANTED');
      expect(text).not.toContain('PRIVATE KEY');
      const changed = changedLeaves(dump, JSON.parse(text));
      expect(changed.every((c) => markers.has(c.to as string))).toBe(true);
      expect(changed).toHaveLength(planted);
      expect(redacted).toBeGreaterThanOrEqual(planted);
      // Header names stay readable: the reader sees which header was there.
      expect(text).toContain('"Authorization"');
      expect(text).toContain('"cookie"');
    },
  );

  it('without planted secrets, the real dump comes out byte for byte (Envoy already redacted keys)', () => {
    const bytes = readFileSync(file);
    expect(redactDump(bytes).text).toBe(bytes.toString('utf8'));
  });
});

describe('redaction edge cases', () => {
  it('an escaped key is still recognised', () => {
    const text = plantEscapedKey(
      JSON.stringify({ configs: [] }, null, 1).replace('"configs": []', '"configs": [\n]'),
    );
    const out = redactDump(Buffer.from(text)).text;
    expect(out).not.toContain('PLANTED-escaped');
    expect(JSON.parse(out)).toBeDefined();
  });

  it('keeps certificates (public) and SDS secret names', () => {
    const bytes = readFileSync(fixture('problems.json'));
    const out = JSON.parse(redactDump(bytes).text);
    const original = JSON.parse(bytes.toString());
    expect(out.configs[4].dynamic_active_secrets).toEqual(original.configs[4].dynamic_active_secrets);
  });
});

describe('the config-dump command attaches only the redacted dump', () => {
  it.each(dumps.slice(0, 3).map((d) => [d]))('%s', async (file) => {
    const dump = JSON.parse(readFileSync(file, 'utf8'));
    const { secrets } = plantSecrets(dump);
    const path = join(mkdtempSync(join(tmpdir(), 'meshdoc-redact-')), 'dump.json');
    writeFileSync(path, JSON.stringify(dump, null, 1));
    const report = await runProxyCommand(configDump, [], { file: path });
    const everything = JSON.stringify(report);
    for (const s of secrets) expect(everything).not.toContain(s);
    expect(report.attachments).toHaveLength(1);
    expect(report.attachments[0]?.title).toMatch(/\d+ secret values redacted/);
  });
});
