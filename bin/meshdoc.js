#!/usr/bin/env node
// Entry point for the `meshdoc` bin: the CLI is TypeScript run by Node's type stripping (Node >= 22.18 / 24).
import { existsSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

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
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  env: process.env,
  color: process.stdout.isTTY === true && !process.env.NO_COLOR,
});
