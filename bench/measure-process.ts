import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Runs a process under /usr/bin/time for its peak RSS; returns wall time too. */
export async function timed(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: string; wallMs: number; peakRssBytes: number }> {
  const useTime = existsSync('/usr/bin/time');
  const started = performance.now();
  const { stdout, stderr } = await run(
    useTime ? '/usr/bin/time' : cmd,
    useTime ? ['-f', 'maxrss=%M', cmd, ...args] : args,
    { env, maxBuffer: 1 << 30 },
  );
  const wallMs = performance.now() - started;
  const rss = /maxrss=(\d+)/.exec(stderr)?.[1];
  return { stdout, wallMs, peakRssBytes: rss ? Number(rss) * 1024 : 0 };
}
