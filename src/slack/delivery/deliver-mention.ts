import type { webApi } from '@slack/bolt';
import type { SlackMessage } from '../../renderers/slack/blocks.ts';
import type { DeliveryOutcome } from './attempt.ts';
import { deliverByRoutes, type RouteStep } from './deliver-by-routes.ts';
import { withWhere } from './deliver-slash.ts';
import type { DeliveryPolicy } from './delivery-policy.ts';
import { webApiAttempt } from './web-api-attempt.ts';

export type MentionDelivery = {
  client: webApi.WebClient;
  policy: DeliveryPolicy;
  channel: string;
  thread: string;
  user: string | undefined;
  /** The "checking …" status message, when it was posted. */
  statusTs: string | undefined;
};

/**
 * A mention's answer, in its thread:
 * 1. chat.update of the "checking …" message (idempotent: a timed-out update may be retried);
 * 2. when that message is gone or cannot be edited (message_not_found, cant_update_message), a new
 *    reply in the thread: only after Slack said the update cannot work, so never both;
 * 3. a direct message to the person who asked (the bot left the channel, the thread is archived).
 */
export function deliverMention(d: MentionDelivery, message: SlackMessage): Promise<DeliveryOutcome> {
  const steps: RouteStep[] = [];
  const statusTs = d.statusTs;
  if (statusTs)
    steps.push({
      route: 'update',
      idempotent: true,
      attempt: () =>
        webApiAttempt(() => d.client.chat.update({ channel: d.channel, ts: statusTs, ...message })),
    });
  steps.push({
    route: 'thread_reply',
    idempotent: false,
    attempt: () =>
      webApiAttempt(() => d.client.chat.postMessage({ channel: d.channel, thread_ts: d.thread, ...message })),
  });
  const user = d.user;
  if (user)
    steps.push({
      route: 'dm',
      idempotent: false,
      attempt: () =>
        webApiAttempt(() =>
          d.client.chat.postMessage({ channel: user, ...withWhere(message, `<#${d.channel}>`) }),
        ),
    });
  return deliverByRoutes(steps, d.policy);
}

/**
 * The "checking …" status message: one reply in the thread, retried on 429 and 5xx only (a
 * timed-out post may have arrived, and a second would be a duplicate). Its ts, or undefined.
 */
export async function postStatus(
  d: Omit<MentionDelivery, 'statusTs' | 'user'>,
  message: SlackMessage,
): Promise<{ ts: string | undefined; outcome: DeliveryOutcome }> {
  let ts: string | undefined;
  const outcome = await deliverByRoutes(
    [
      {
        route: 'thread_reply',
        idempotent: false,
        attempt: () =>
          webApiAttempt(async () => {
            const posted = await d.client.chat.postMessage({
              channel: d.channel,
              thread_ts: d.thread,
              ...message,
            });
            ts = posted.ts;
          }),
      },
    ],
    // The status is a courtesy: a few seconds at most, the answer itself has its own deadline.
    { ...d.policy, deadlineMs: Math.min(d.policy.deadlineMs, 10_000) },
  );
  return { ts, outcome };
}
