import type { Config } from '../config.ts';
import type { CommandContext } from '../core/command.ts';
import { UsageError } from '../errors.ts';

export type ContextRequest = {
  channelId: string;
  /** The value of a --context flag in the command, if any (read before parsing, for the ack). */
  requestedContext: string | undefined;
};

/** A CommandContext plus the cluster name to show before the reader is open ("checking … on X"). */
export type SlackCommandContext = CommandContext & { cluster: string };

export type ContextFor = (request: ContextRequest) => SlackCommandContext;

/**
 * The default channel → cluster binding. MESHDOC_CHANNEL_CONTEXTS names the kubeconfig context
 * that answers in a channel; a bound channel refuses any other --context, so the binding is never
 * bypassed. Unbound channels get `base` (main's default source) with their --context, if any.
 * --from never reaches a reader from Slack (runInvocation rejects it; this drops it again).
 */
export function channelContexts(
  config: Pick<Config, 'MESHDOC_CHANNEL_CONTEXTS'>,
  base: CommandContext,
  defaultCluster = 'default context',
): ContextFor {
  return ({ channelId, requestedContext }) => {
    const bound = config.MESHDOC_CHANNEL_CONTEXTS[channelId];
    const check = (context: string | undefined) => {
      if (bound && context && context !== bound) {
        throw new UsageError(
          `This channel answers for cluster context "${bound}" only; --context ${context} is not allowed here.`,
        );
      }
    };
    check(requestedContext);
    // Spread, not copied field by field: every setting of the base context (proxy timeout,
    // istioctl path, …) must reach Slack commands too; only the reader is narrowed here.
    return {
      ...base,
      cluster: bound ?? requestedContext ?? defaultCluster,
      reader: async (choice) => {
        check(choice?.context);
        return base.reader({ context: bound ?? choice?.context, from: undefined });
      },
    };
  };
}

/** The value given to --context / --context=x, read before parsing so the binding applies early. */
export function requestedContext(tokens: readonly string[]): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token === '--context') return tokens[i + 1];
    if (token.startsWith('--context=')) return token.slice('--context='.length);
  }
  return undefined;
}
