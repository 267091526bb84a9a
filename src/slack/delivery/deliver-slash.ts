import type { webApi } from '@slack/bolt';
import { mrkdwn, type SlackMessage } from '../../renderers/slack/blocks.ts';
import type { DeliveryOutcome } from './attempt.ts';
import { deliverByRoutes } from './deliver-by-routes.ts';
import type { DeliveryPolicy } from './delivery-policy.ts';
import type { ResponseUrlBudget } from './response-url-budget.ts';
import { responseUrlStep } from './response-url-step.ts';
import { webApiAttempt } from './web-api-attempt.ts';

export type SlashDelivery = {
  client: webApi.WebClient;
  policy: DeliveryPolicy;
  budget: ResponseUrlBudget;
  responseUrl: string;
  channel: string;
  user: string;
};

/**
 * A slash command's answer (or failure message), privately to the person who asked:
 * 1. response_url, replacing the "checking …" (works where the bot is no member; replacing is
 *    idempotent, so a timed-out post may be retried);
 * 2. chat.postEphemeral in the channel (needs the bot in the channel);
 * 3. a direct message from the app.
 */
export function deliverSlash(
  d: SlashDelivery,
  message: SlackMessage,
  purpose: 'answer' | 'failure',
): Promise<DeliveryOutcome> {
  return deliverByRoutes(
    [
      responseUrlStep(
        d.budget,
        d.responseUrl,
        { response_type: 'ephemeral', replace_original: true, ...message },
        purpose,
        true,
      ),
      {
        route: 'ephemeral',
        idempotent: false,
        attempt: () =>
          webApiAttempt(() => d.client.chat.postEphemeral({ channel: d.channel, user: d.user, ...message })),
      },
      {
        route: 'dm',
        idempotent: false,
        attempt: () =>
          webApiAttempt(() =>
            d.client.chat.postMessage({ channel: d.user, ...withWhere(message, `<#${d.channel}>`) }),
          ),
      },
    ],
    d.policy,
  );
}

/** A direct message says where the question was asked: the DM has no other trace of it. */
export function withWhere(message: SlackMessage, where: string): SlackMessage {
  const note = `Your meshdoc request in ${where} could not be answered there; here is the answer.`;
  // Slack takes at most 50 blocks; a full message keeps the note in its text only.
  const blocks: SlackMessage['blocks'] =
    message.blocks.length < 50
      ? [{ type: 'context', elements: [mrkdwn(note)] }, ...message.blocks]
      : message.blocks;
  return { text: `${note}\n${message.text}`, blocks };
}
