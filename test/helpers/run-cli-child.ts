import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cliPath = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const gnuTime = '/usr/bin/time';

export type ChildResult = {
  code: number;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the CLI process in bytes, when /usr/bin/time is there to measure it. */
  peakRssBytes: number | undefined;
};

/**
 * Runs the real CLI as its own process (the same Node, a 512 MiB heap, no cluster configured),
 * measuring its peak RSS through GNU time when available. Killed after `timeoutMs`.
 */
export function cliChild(
  args: readonly string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; stdinFile?: string } = {},
): Promise<ChildResult> {
  const nodeArgs = ['--max-old-space-size=512', cliPath, ...args];
  const measured = existsSync(gnuTime);
  const [command, argv] = measured
    ? [gnuTime, ['-f', 'meshdoc-peak-rss-kb=%M', process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  const env = { HOME: '/nonexistent', PATH: process.env.PATH, ...options.env };
  if (options.stdinFile)
    return withStdin(command, argv as string[], env, options.stdinFile, options.timeoutMs);
  return new Promise((resolve) => {
    execFile(
      command,
      argv as string[],
      {
        env,
        timeout: options.timeoutMs ?? 30_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve(result(code, stdout, stderr));
      },
    );
  });
}

function result(code: number, stdout: string, rawStderr: string): ChildResult {
  let stderr = rawStderr;
  let peakRssBytes: number | undefined;
  const rss = /meshdoc-peak-rss-kb=(\d+)\n?$/.exec(stderr);
  if (rss) {
    peakRssBytes = Number(rss[1]) * 1024;
    stderr = stderr.slice(0, rss.index).replace(/Command exited with non-zero status \d+\n$/, '');
  }
  return { code, stdout, stderr, peakRssBytes };
}

/** The same, with stdin read from a file or device (`--file - < /dev/zero`), as a shell redirect does. */
function withStdin(
  command: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
  stdinFile: string,
  timeoutMs = 30_000,
): Promise<ChildResult> {
  const fd = openSync(stdinFile, 'r');
  return new Promise((resolve) => {
    const child = spawn(command, argv, { env, stdio: [fd, 'pipe', 'pipe'] });
    closeSync(fd);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(result(code ?? -1, stdout, stderr));
    });
  });
}

/** Lines a Node stack trace or an uncaught error would print. */
export const stackTraceLine = /^\s+at |^(?:[A-Z][A-Za-z]*)?Error: |^node:internal|FATAL ERROR|Uncaught /m;
