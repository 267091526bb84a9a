import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { injectionChecks } from '../../src/diagnostics/injection/injection-checks.ts';
import { proxyChecks } from '../../src/summaries/proxy-checks.ts';

const doc = readFileSync(new URL('../../docs/findings.md', import.meta.url), 'utf8');

describe('docs/findings.md is the catalogue of every code', () => {
  it.each([...Object.entries(injectionChecks), ...Object.entries(proxyChecks)])(
    '%s is documented with its code',
    (cause, { code }) => {
      expect(doc).toMatch(new RegExp(`\\| ${code} \\| ${cause} \\|`));
    },
  );

  it('documents no code the program does not have', () => {
    const documented = [...doc.matchAll(/^\| (MESH\d{4}) \|/gm)].map((m) => m[1]);
    const known = new Set<string>(
      [...Object.values(injectionChecks), ...Object.values(proxyChecks)].map((c) => c.code),
    );
    for (const code of documented) expect(known.has(code ?? '')).toBe(true);
  });
});
