import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `npm install` on a fresh clone rewrites package-lock.json when the lock omits an optional
// dependency (e.g. another platform's Biome binary): the clone is then dirty after the README's
// first command (issue 9). .ci/run checks the real install; this is the cheap check of the cause.
type LockEntry = { version?: string; integrity?: string; optionalDependencies?: Record<string, string> };
const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
};

/** Where Node's resolution would find `name` from the package at `from` (its own folder, then up). */
function resolveIn(from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (base === '') return undefined;
    const up = base.lastIndexOf('/node_modules/');
    base = up < 0 ? '' : base.slice(0, up);
  }
}

describe('package-lock.json', () => {
  it('lists every optional dependency of every locked package, with version and integrity', () => {
    expect(lock.lockfileVersion).toBe(3);
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        const at = resolveIn(path, name);
        const found = at ? lock.packages[at] : undefined;
        if (!found?.version || !found.integrity) missing.push(`${path} → ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('lists all ten of Biome’s platform binaries (the entries issue 9 found missing)', () => {
    const biome = lock.packages['node_modules/@biomejs/biome'];
    expect(Object.keys(biome?.optionalDependencies ?? {})).toHaveLength(10);
  });
});
