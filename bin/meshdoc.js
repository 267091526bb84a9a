#!/usr/bin/env node
// Entry point for the `meshdoc` bin: the CLI is TypeScript run by Node's type stripping (Node >= 22.18 / 24).
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  env: process.env,
  color: process.stdout.isTTY === true && !process.env.NO_COLOR,
});
