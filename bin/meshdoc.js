#!/usr/bin/env node
// Entry point for the `meshdoc` bin: the CLI is TypeScript run by Node's type stripping (Node >= 22.18 / 24).
// Node's built-ins without their ESM facades: node:fs's lazy stream getters alone cost about 8 ms
// of every start (src/open-reader.ts says more).
const { existsSync, readFileSync, statSync } = process.getBuiltinModule('node:fs');
const { enableCompileCache } = process.getBuiltinModule('node:module');
const { homedir } = process.getBuiltinModule('node:os');
const { join } = process.getBuiltinModule('node:path');

// Node's compile cache keeps the type-stripped and compiled modules between runs: it takes `help`
// from about 1 s to well under 0.3 s. It lives in the user's cache directory; NODE_COMPILE_CACHE
// (which Node itself reads) overrides it and NODE_DISABLE_COMPILE_CACHE=1 turns it off. Only
// under an existing home or XDG_CACHE_HOME; a read-only one just means no cache, never an error.
const cacheRoot = process.env.XDG_CACHE_HOME || homedir();
if (!process.env.NODE_COMPILE_CACHE && cacheRoot && existsSync(cacheRoot)) {
  try {
    enableCompileCache?.(
      join(cacheRoot, ...(process.env.XDG_CACHE_HOME ? [] : ['.cache']), 'meshdoc', 'compile-cache'),
    );
  } catch {
    // No cache: slower, never wrong.
  }
}
const { runCli } = await import(freshBundle() ?? '../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  env: process.env,
  color: process.stdout.isTTY === true && !process.env.NO_COLOR,
});

/**
 * dist/cli/cli.js (scripts/bundle-cli.ts, run by `npm install`) when it is newer than every
 * source file it was built from; undefined (run the sources) when it is missing, stale or
 * MESHDOC_NO_BUNDLE=1. Costs one small JSON read and one stat per source file (about 2 ms).
 */
function freshBundle() {
  if (process.env.MESHDOC_NO_BUNDLE === '1') return undefined;
  const dist = new URL('../dist/cli/', import.meta.url);
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(new URL('inputs.json', dist), 'utf8'));
    const root = new URL('../', import.meta.url);
    for (const input of inputs) if (statSync(new URL(input, root)).mtimeMs > builtAt) return undefined;
    return new URL('cli.js', dist).href;
  } catch {
    return undefined;
  }
}
