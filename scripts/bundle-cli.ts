// `npm run bundle` (and `npm install`, through `prepare`): bundles the CLI into dist/cli/ so that
// `meshdoc` starts from a handful of files instead of ~300 modules. Resolving, reading and
// linking each module costs Node more than running it: the bundle takes `help` from about
// 0.3 s to 0.2 s and live `why-not-injected` from about 0.5 s to 0.3 s (`npm run bench --
// cli-start`). bin/meshdoc.js uses the bundle only while it is newer than every source file in
// it (dist/cli/inputs.json) and runs the sources otherwise, so an edit is never masked by a stale
// bundle. The Slack bot (src/main.ts) starts once and runs from the sources.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const outdir = `${root}dist/cli`;

let esbuild: typeof import('esbuild');
try {
  esbuild = await import('esbuild');
} catch {
  // `npm install --omit=dev` (the container image) has no esbuild: the CLI runs from the sources.
  console.warn('meshdoc: esbuild is not installed (production install); the CLI runs from its sources.');
  process.exit(0);
}

const pkg = (await import('../package.json', { with: { type: 'json' } })).default as {
  dependencies: Record<string, string>;
};
// zod, yaml, js-yaml and execa are bundled (they are most of the modules the CLI loads; execa
// alone is some 40 files, 0.1 s of every istioctl call when loaded from node_modules); the other
// packages stay external: each is loaded by one path only (Bolt, pino, ws) and some read their
// own files.
const bundled = new Set(['zod', 'yaml', 'js-yaml', 'execa']);
const external = Object.keys(pkg.dependencies).filter((name) => !bundled.has(name));

const startedAt = Date.now();
rmSync(outdir, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli.ts' },
  outdir,
  bundle: true,
  // Dynamic import()s stay lazy: each becomes a chunk loaded when the code reaches it.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22.12',
  external: [...external, ...external.map((name) => `${name}/*`)],
  // Whitespace and syntax minified (less source for Node to read and decode at every start);
  // identifiers kept, so stack traces in the local log stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'meshdoc-paths',
      setup(build) {
        // yaml's package points Node at its CommonJS build; its ES module build bundles cleanly.
        build.onResolve({ filter: /^yaml$/ }, () => ({
          path: `${root}node_modules/yaml/browser/index.js`,
        }));
        // A source file that finds files next to it (`new URL('../demo/', import.meta.url)`) must
        // keep finding them from dist/cli/: its import.meta.url becomes the source file's own URL,
        // computed relative to the bundle so the checkout can move.
        build.onLoad({ filter: /\/(src|commands)\/.*\.ts$/ }, async (args) => {
          const { readFile } = await import('node:fs/promises');
          const { relative } = await import('node:path');
          const source = await readFile(args.path, 'utf8');
          if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
          const fromBundle = relative(outdir, args.path);
          return {
            contents: source.replaceAll(
              'import.meta.url',
              `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`,
            ),
            loader: 'ts',
          };
        });
      },
    },
  ],
});

// The freshness record, written last and atomically: the bundle is used only while no input
// changed after `startedAt` (a file edited during the build counts as changed).
const inputs = Object.keys(result.metafile.inputs).filter((path) => !path.includes('node_modules/'));
writeFileSync(`${outdir}/meta.json`, JSON.stringify(result.metafile));
writeFileSync(`${outdir}/inputs.json.tmp`, JSON.stringify({ builtAt: startedAt, inputs }));
renameSync(`${outdir}/inputs.json.tmp`, `${outdir}/inputs.json`);
console.log(`meshdoc: bundled the CLI into dist/cli (${inputs.length} source files).`);
