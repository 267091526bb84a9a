import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  filesReachedFrom,
  packagesReachedFrom,
  staticRuntimeImports,
} from '../helpers/static-import-graph.ts';

// `meshdoc help` and `meshdoc listeners --file DUMP` start in under 0.3 s because nothing
// heavy is loaded before it is used (issue 9). A static import of one of these anywhere on the
// CLI's graph would silently cost up to a second and 90 MiB; load it with `await import()` where
// it is used instead (as src/open-reader.ts does for the live reader). `npm run bench -- cli-start`
// measures the times.

const root = fileURLToPath(new URL('../../', import.meta.url));
const heavy = [
  '@kubernetes/client-node',
  '@slack/bolt',
  'prom-client',
  'pino',
  'ws',
  'yaml',
  'js-yaml',
  'execa',
];
// node:http alone is 15 MiB of the start-up; only the live paths use it.
const heavyBuiltins = ['node:http', 'node:https'];

describe('lazy imports: what the CLI loads before it runs', () => {
  it('reads static runtime imports, not type-only or dynamic ones', () => {
    expect(
      staticRuntimeImports(
        [
          "import { a,\n  type B } from './a.ts';",
          "import type { C } from './c.ts';",
          "export type { D } from './d.ts';",
          "export * from './e.ts';",
          "import './f.ts';",
          "const g = await import('./g.ts');",
          "// import { h } from './h.ts';",
          "/* import { i } from './i.ts'; */",
          "import { type J } from './j.ts';",
        ].join('\n'),
      ),
    ).toEqual(['./a.ts', './e.ts', './j.ts', './f.ts']);
  });

  it('src/cli.ts reaches no heavy package or builtin statically', () => {
    const reached = packagesReachedFrom(root, 'src/cli.ts');
    const found = [...heavy, ...heavyBuiltins]
      .filter((name) => reached.has(name))
      .map((name) => `${name} via ${reached.get(name)?.join(' → ')}`);
    expect(found).toEqual([]);
    // The walk saw the CLI's graph (commands and all), not an empty one.
    expect(reached.has('zod')).toBe(true);
  });

  it('bin/meshdoc.js imports nothing before it turns on the compile cache', () => {
    // Its builtins are taken with process.getBuiltinModule (no ESM facade), which is not an import.
    expect([...packagesReachedFrom(root, 'bin/meshdoc.js').keys()]).toEqual([]);
  });

  it("a CLI start loads no command's implementation beyond why-not-injected's: tls-check's model and checks load when it runs", () => {
    const files = [...filesReachedFrom(root, 'src/cli.ts').keys()];
    expect(files.filter((f) => f.startsWith('src/diagnostics/tls/'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('src/diagnostics/proxy/'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('src/diagnostics/labels/'))).toEqual([]);
    // The walk saw the CLI's graph.
    expect(files).toContain('commands/tls-check.ts');
  });

  it('the CLI takes no Node builtin by a static import: each would cost every start an ESM facade', () => {
    // An `import … from 'node:fs'` builds a facade that reads every export; node:fs's and
    // node:util's lazy getters then load machinery nothing here uses (about 8 ms each, measured
    // with --cpu-prof). process.getBuiltinModule('node:fs') takes Node's own object instead, and
    // where a module is needed by one path only (node:child_process for an exec plugin,
    // node:fs/promises for reading files), that path loads it.
    const reached = packagesReachedFrom(root, 'src/cli.ts');
    const builtins = [...reached]
      .filter(([name]) => name.startsWith('node:'))
      .map(([name, via]) => `${name} via ${via.join(' → ')}`);
    expect(builtins).toEqual([]);
  });

  it('the live reader loads neither @kubernetes/client-node nor ws nor yaml; port-forwarding loads ws (the walk follows it)', () => {
    for (const entry of [
      'src/gatherers/kube/load-kube-config.ts',
      'src/gatherers/kube/live-kube-reader.ts',
    ]) {
      const reached = packagesReachedFrom(root, entry);
      expect(
        [...reached.keys()].filter((name) => heavy.includes(name)),
        entry,
      ).toEqual([]);
    }
    expect(packagesReachedFrom(root, 'src/gatherers/kube/pod-port-stream.ts').has('ws')).toBe(true);
  });

  it('nothing meshdoc ships imports @kubernetes/client-node: it reads kubeconfigs itself (tests may use it)', () => {
    for (const entry of ['src/cli.ts', 'src/main.ts', 'src/gatherers/kube/pod-port-stream.ts']) {
      const reached = packagesReachedFrom(root, entry, { followDynamic: true });
      expect(reached.get('@kubernetes/client-node'), entry).toBeUndefined();
    }
  });
});
