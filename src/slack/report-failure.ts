import type { Logger } from 'pino';
import { MeshdocError, newReference } from '../errors.ts';
import type { SlackMessage } from '../renderers/slack/blocks.ts';
import { renderSlackError } from '../renderers/slack/render-slack-error.ts';

/**
 * For errors nobody planned for (a bug, Slack refusing a call): the details go to the log, the
 * user gets a generic message with the reference. Raw exception text is never posted.
 */
export function reportFailure(
  logger: Logger,
  error: unknown,
  where: Record<string, unknown>,
): { reference: string; message: SlackMessage } {
  const reference = newReference();
  logger.error({ err: error, reference, ...where }, 'slack handler failed');
  const generic = new MeshdocError(
    'internal',
    'meshdoc hit an internal error while answering; the details are in its log.',
  );
  return { reference, message: renderSlackError(generic, { reference }) };
}
