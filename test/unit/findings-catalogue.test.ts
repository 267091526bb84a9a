import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../src/diagnostics/catalogue.ts';

const doc = readFileSync(new URL('../../docs/findings.md', import.meta.url), 'utf8');
const all = catalogue.map((c) => [c.cause, c] as const);

describe('docs/findings.md is the catalogue of every code', () => {
  it.each(all)('%s is documented with its code', (cause, { code }) => {
    expect(doc).toMatch(new RegExp(`\\| ${code} \\| ${cause} \\|`));
  });

  it('documents no code the program does not have', () => {
    const documented = [...doc.matchAll(/^\| (MESH\d{4}) \|/gm)].map((m) => m[1]);
    const known = new Set<string>(all.map(([, c]) => c.code));
    for (const code of documented) expect(known.has(code ?? '')).toBe(true);
  });
});
