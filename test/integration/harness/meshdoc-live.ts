import type { KubeConfig } from '@kubernetes/client-node';
import { commands } from '../../../commands/index.ts';
import type { CommandContext } from '../../../src/core/command.ts';
import { type Outcome, runInvocation } from '../../../src/core/run-invocation.ts';
import { LiveKubeReader } from '../../../src/gatherers/kube/live-kube-reader.ts';

/** Runs a meshdoc command against the live API server as the given identity. */
export function meshdocLive(kc: KubeConfig): (args: string[]) => Promise<Outcome> {
  const reader = new LiveKubeReader({ kubeConfig: kc, timeoutMs: 10_000 });
  const ctx: CommandContext = {
    defaultNamespace: 'default',
    now: () => new Date(),
    reader: async () => reader,
  };
  return (args) => runInvocation(args, 'cli', commands, ctx);
}
