import type { KubeConfig } from '@kubernetes/client-node';
import { commands } from '../../../commands/index.ts';
import type { CommandContext } from '../../../src/core/command.ts';
import { type Outcome, runInvocation } from '../../../src/core/run-invocation.ts';
import { LiveKubeReader } from '../../../src/gatherers/kube/live-kube-reader.ts';
import { meshdocKubeConfig } from '../../helpers/meshdoc-kube-config.ts';

/** Runs a meshdoc command against the live API server as the given identity. */
export function meshdocLive(kc: KubeConfig): (args: string[]) => Promise<Outcome> {
  // meshdoc reads the kubeconfig with its own loader, as the CLI does.
  const reader = meshdocKubeConfig(kc).then(
    (own) => new LiveKubeReader({ kubeConfig: own, timeoutMs: 10_000 }),
  );
  const ctx: CommandContext = {
    defaultNamespace: 'default',
    now: () => new Date(),
    reader: () => reader,
  };
  return (args) => runInvocation(args, 'cli', commands, ctx);
}
