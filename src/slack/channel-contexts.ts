import type { CommandContext } from '../core/command.ts';
import type { KubeReader } from '../core/kube-reader.ts';
import type { Config } from '../config.ts';
import { UsageError } from '../errors.ts';
import { openReader, type ReaderChoice } from '../open-reader.ts';

export type ContextRequest = {
  channelId: string;
  /** The value of a --context flag in the command, if any. */
  requestedContext: string | undefined;
};

/** A CommandContext plus the cluster name to show before the reader is open ("checking … on X"). */
export type SlackCommandContext = CommandContext & { cluster: string };

export type ContextFor = (request: ContextRequest) => SlackCommandContext;

/**
 * The default channel → cluster binding: MESHDOC_CHANNEL_CONTEXTS names the kubeconfig context
 * that answers in a channel; unbound channels use --context or the default context. A bound
 * channel refuses another --context, so a channel's binding is never silently bypassed.
 */
export function channelContexts(
  config: Config,
  env: NodeJS.ProcessEnv,
  open: (choice: ReaderChoice) => Promise<KubeReader> = openReader,
): ContextFor {
  return ({ channelId, requestedContext }) => {
    const bound = config.MESHDOC_CHANNEL_CONTEXTS[channelId];
    if (bound && requestedContext && requestedContext !== bound) {
      throw new UsageError(`This channel answers for cluster context "${bound}" only; --context ${requestedContext} is not allowed here.`);
    }
    const context = bound ?? requestedContext;
    return {
      cluster: context ?? 'default context',
      defaultNamespace: config.MESHDOC_DEFAULT_NAMESPACE,
      now: () => new Date(),
      reader: () => open({ context, timeoutMs: config.MESHDOC_KUBE_TIMEOUT_MS, env }),
    };
  };
}

/** The value given to --context / --context=x, read before parsing so the binding can be applied. */
export function requestedContext(tokens: readonly string[]): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token === '--context') return tokens[i + 1];
    if (token.startsWith('--context=')) return token.slice('--context='.length);
  }
  return undefined;
}
