import { type MeshdocError, UsageError } from '../../errors.ts';
import { context, type MeshBlock, type SlackMessage, section } from './blocks.ts';
import { codeBlock, escapeMrkdwn, inlineCode } from './escape.ts';
import { clip, slackLimits } from './limits.ts';

export type ErrorRenderOptions = {
  /** Cluster the invocation was about, when known: every reply names one. */
  cluster?: string;
  /** Id that finds the full error in the bot's log; set for internal errors. */
  reference?: string;
  /** How the command is invoked here: `/mesh` or `@meshdoc`. */
  invokedAs?: string;
  /** Usage line for usage errors that carry none of their own (tokenizer rejections). */
  usage?: string;
};

const icons: Partial<Record<MeshdocError['code'], string>> = {
  usage: ':grey_question:',
  internal: ':boom:',
  forbidden: ':no_entry:',
};

/**
 * MeshdocError → message. Only userMessage and hint are shown: both are written to be safe in
 * Slack. Raw exception text (stack, API bodies) stays in the log, reachable through the reference.
 */
export function renderSlackError(error: MeshdocError, options: ErrorRenderOptions = {}): SlackMessage {
  const invokedAs = options.invokedAs ?? '/mesh';
  const blocks: MeshBlock[] = [
    section(
      clip(`${icons[error.code] ?? ':x:'} ${escapeMrkdwn(error.userMessage)}`, slackLimits.sectionText),
    ),
  ];
  const usage =
    error instanceof UsageError && error.usage
      ? error.usage
      : error.code === 'usage'
        ? options.usage
        : undefined;
  if (usage) {
    // runInvocation writes usage lines as "mesh <command> …"; show them the way this surface is typed.
    const line = `${invokedAs} ${usage.replace(/^\/?mesh\s+/, '')}`;
    blocks.push(section(clip(`*Usage:*\n${codeBlock(line)}`, slackLimits.sectionText)));
  } else if (error.hint) {
    blocks.push(section(clip(escapeMrkdwn(error.hint), slackLimits.sectionText)));
  }
  const facts: string[] = [];
  if (options.cluster) facts.push(`:satellite_antenna: cluster ${inlineCode(clip(options.cluster, 200))}`);
  facts.push(`error ${inlineCode(error.code)}`);
  if (options.reference) facts.push(`reference ${inlineCode(options.reference)}`);
  blocks.push(context(...facts));
  const text = clip(`meshdoc: ${escapeMrkdwn(error.userMessage)}`, slackLimits.fallbackText);
  return { text, blocks };
}
