import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

// The CLI runs from a bundle (scripts/bundle-cli.ts, built by `npm install`) when it is fresh.
// The bundle must answer exactly as the sources do, and a stale one must never be used.

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'meshdoc.js');
const home = mkdtempSync(join(tmpdir(), 'meshdoc-bundle-home-'));
const smallDump = join(root, 'test/fixtures/envoy/sidecar-small.json');

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', NODE_DISABLE_COMPILE_CACHE: '1', ...env },
    encoding: 'utf8',
  });
  // Durations differ between runs; nothing else may.
  const clean = (s: string) =>
    s.replace(/\b\d+ ms\b/g, 'N ms').replace(/"durationMs": \d+/g, '"durationMs": N');
  return { code: r.status, stdout: clean(r.stdout), stderr: clean(r.stderr) };
}

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts/bundle-cli.ts')], { cwd: root, stdio: 'pipe' });
}, 60_000);

describe('the CLI bundle', () => {
  const cases: string[][] = [
    ['help'],
    ['help', 'why-not-injected'],
    ['why-not-injected', 'deploy/checkout', '-n', 'payments'],
    ['why-not-injected', 'deploy/checkout', '-n', 'payments', '-o', 'json'],
    ['why-not-injected', 'no-such-pod', '-n', 'payments'],
    ['listeners', '--file', smallDump],
    ['clusters', '--file', smallDump, '-o', 'json'],
    ['listeners', '--file', '/dev/zero'],
    ['frobnicate'],
  ];
  for (const args of cases) {
    it(`answers ${args.join(' ')} exactly as the sources do`, () => {
      const bundled = run(args);
      const sources = run(args, { MESHDOC_NO_BUNDLE: '1' });
      expect(bundled).toEqual(sources);
    });
  }

  it('is used only while fresh: a source edited after the build sends bin/meshdoc.js to the sources', () => {
    const { builtAt, inputs } = JSON.parse(readFileSync(join(root, 'dist/cli/inputs.json'), 'utf8')) as {
      builtAt: number;
      inputs: string[];
    };
    expect(inputs).toContain('src/cli.ts');
    expect(inputs.length).toBeGreaterThan(100);
    const hook = (env: NodeJS.ProcessEnv = {}) =>
      spawnSync(
        process.execPath,
        [
          '--import',
          `data:text/javascript,${encodeURIComponent(
            'import{registerHooks}from"node:module";registerHooks({load(u,c,n){if(u.endsWith("/dist/cli/cli.js"))process.stderr.write("BUNDLE\\n");if(u.endsWith("/src/cli.ts"))process.stderr.write("SOURCES\\n");return n(u,c);}});',
          )}`,
          bin,
          'help',
        ],
        { env: { PATH: process.env.PATH, HOME: home, ...env }, encoding: 'utf8' },
      ).stderr;
    expect(hook()).toContain('BUNDLE');
    expect(hook({ MESHDOC_NO_BUNDLE: '1' })).toContain('SOURCES');
    // Touch one source file into the future: the bundle is stale until rebuilt.
    const file = join(root, 'src/renderers/text.ts');
    const future = new Date(builtAt + 60_000);
    utimesSync(file, future, future);
    try {
      expect(hook()).toContain('SOURCES');
    } finally {
      const past = new Date(builtAt - 60_000);
      utimesSync(file, past, past);
    }
    expect(hook()).toContain('BUNDLE');
  });
});
