import type { KubeReader } from '../src/kube/kube-reader.ts';
import { type RunFigures, timeCommand } from './time-command.ts';

export type { RunFigures };

/** `why-not-injected` `runs` times (see timeCommand). */
export function timeWhyNotInjected(
  reader: KubeReader,
  runs: number,
  target: (i: number) => string[],
  requestCount: () => number,
): Promise<RunFigures> {
  return timeCommand(reader, runs, (i) => ['why-not-injected', ...target(i)], requestCount);
}
