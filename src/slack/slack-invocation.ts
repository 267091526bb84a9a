import type { Command, CommandContext } from '../core/command.ts';
import { findCommand, runInvocation } from '../core/run-invocation.ts';
import { tokenize } from '../core/tokenize.ts';
import { MeshdocError, newReference, UsageError } from '../errors.ts';
import type { SlackFile, SlackMessage } from '../renderers/slack/blocks.ts';
import { renderSlackError } from '../renderers/slack/render-slack-error.ts';
import { renderSlackReport } from '../renderers/slack/render-slack-report.ts';
import { requestedContext, type SlackCommandContext } from './channel-contexts.ts';
import type { SlackDeps } from './slack-deps.ts';

/** `/mesh` or `@meshdoc`: how usage lines are shown on this surface. */
export type InvokedAs = '/mesh' | '@meshdoc';

export type Prepared =
  | {
      ok: true;
      tokens: string[];
      command: string;
      args: string[];
      ctx: SlackCommandContext;
      patience?: string | undefined;
    }
  | { ok: false; tokens: string[]; command: string | undefined; error: MeshdocError; message: SlackMessage };

export type Executed = {
  message: SlackMessage;
  files: SlackFile[];
  overflowed: boolean;
  /** Set when the command answered; the share button is only offered then. */
  verdict: string | undefined;
  error: string | undefined;
  cluster: string;
  reference: string | undefined;
};

// Never used: the unknown-command path of runInvocation returns before it touches a context.
const inertContext: CommandContext = {
  reader: () => Promise.reject(new MeshdocError('internal', 'no reader for an unknown command')),
  defaultNamespace: 'default',
  now: () => new Date(),
};

export function genericUsage(registry: readonly Command[]): string {
  return `<command> [args] — commands: ${registry.map((c) => c.name).join(', ')}. Try: help`;
}

/**
 * Everything that must happen before the ack, and is cheap: tokenizing, finding the command and
 * choosing the cluster. Rejections come back as a rendered message; nothing is run for them.
 */
export async function prepareInvocation(
  text: string,
  channelId: string,
  deps: SlackDeps,
  invokedAs: InvokedAs,
): Promise<Prepared> {
  const usage = genericUsage(deps.registry);
  const reject = (tokens: string[], command: string | undefined, error: MeshdocError): Prepared => ({
    ok: false,
    tokens,
    command,
    error,
    message: renderSlackError(error, { invokedAs, usage }),
  });
  let tokens: string[];
  try {
    tokens = tokenize(text);
  } catch (error) {
    if (error instanceof MeshdocError) return reject([], undefined, error);
    throw error;
  }
  if (tokens.length === 0) tokens = ['help'];
  const found = findCommand(tokens, deps.registry);
  if (!found) {
    const outcome = await runInvocation(tokens, 'slack', deps.registry, inertContext);
    return reject(tokens, undefined, outcome.ok ? new UsageError('Unknown command.', usage) : outcome.error);
  }
  try {
    const ctx = deps.contextFor({ channelId, requestedContext: requestedContext(tokens) });
    return {
      ok: true,
      tokens,
      command: found.command.name,
      args: found.rest,
      ctx,
      patience: found.command.patience,
    };
  } catch (error) {
    if (error instanceof MeshdocError) return reject(tokens, found.command.name, error);
    throw error;
  }
}

/** Runs the command (the slow part, after the ack) and renders the answer or the error. */
export async function executeInvocation(
  prepared: Prepared & { ok: true },
  deps: SlackDeps,
  invokedAs: InvokedAs,
): Promise<Executed> {
  const { ctx } = prepared;
  const outcome = await runInvocation(prepared.tokens, 'slack', deps.registry, ctx);
  if (outcome.ok) {
    const { report } = outcome;
    const rendering = renderSlackReport(report, { output: outcome.output, cluster: ctx.cluster });
    const cluster = report.cluster === '-' ? ctx.cluster : report.cluster;
    return {
      ...rendering,
      verdict: report.verdict ?? 'answered',
      error: undefined,
      cluster,
      reference: undefined,
    };
  }
  const { error } = outcome;
  const reference = error.code === 'internal' ? newReference() : undefined;
  if (reference)
    deps.logger.error(
      { err: error.cause ?? error, reference, command: prepared.command },
      'command failed internally',
    );
  const message = renderSlackError(error, {
    cluster: ctx.cluster,
    invokedAs,
    usage: genericUsage(deps.registry),
    ...(reference ? { reference } : {}),
  });
  return {
    message,
    files: [],
    overflowed: false,
    verdict: undefined,
    error: error.code,
    cluster: ctx.cluster,
    reference,
  };
}
