import { performance } from 'node:perf_hooks';
import { commands } from '../commands/index.ts';
import type { CommandContext } from '../src/core/command.ts';
import { runInvocation } from '../src/core/run-invocation.ts';
import type { KubeReader } from '../src/kube/kube-reader.ts';

export type RunFigures = { requests: number; p50Ms: number; p99Ms: number };

/**
 * Runs a command `runs` times through the real command path, timing each run and counting the
 * reads of the last one with `requestCount` (a counter the caller owns).
 */
export async function timeCommand(
  reader: KubeReader,
  runs: number,
  argv: (i: number) => string[],
  requestCount: () => number,
): Promise<RunFigures> {
  const ctx: CommandContext = {
    defaultNamespace: 'default',
    now: () => new Date(),
    reader: async () => reader,
  };
  const times: number[] = [];
  let requests = 0;
  for (let i = 0; i < runs; i++) {
    const before = requestCount();
    const start = performance.now();
    const out = await runInvocation(argv(i), 'cli', commands, ctx);
    times.push(performance.now() - start);
    if (!out.ok) throw new Error(out.error.userMessage);
    requests = requestCount() - before;
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) =>
    Number((times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(1));
  return { requests, p50Ms: pct(0.5), p99Ms: pct(0.99) };
}
