import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<ChildResult> {
  const nodeArgs = ['--max-old-space-size=512', cliPath, ...args];
  const measured = existsSync(gnuTime);
  const [command, argv] = measured
    ? [gnuTime, ['-f', 'meshdoc-peak-rss-kb=%M', process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  return new Promise((resolve) => {
    execFile(
      command,
      argv as string[],
      {
        env: { HOME: '/nonexistent', PATH: process.env.PATH, ...options.env },
        timeout: options.timeoutMs ?? 30_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        let peakRssBytes: number | undefined;
        const rss = /meshdoc-peak-rss-kb=(\d+)\n?$/.exec(stderr);
        if (rss) {
          peakRssBytes = Number(rss[1]) * 1024;
          stderr = stderr.slice(0, rss.index).replace(/Command exited with non-zero status \d+\n$/, '');
        }
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, peakRssBytes });
      },
    );
  });
}

/** Lines a Node stack trace or an uncaught error would print. */
export const stackTraceLine = /^\s+at |^(?:[A-Z][A-Za-z]*)?Error: |^node:internal|FATAL ERROR|Uncaught /m;
