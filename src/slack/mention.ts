import type { App } from '@slack/bolt';
import { renderChecking } from '../renderers/slack/render-slack-status.ts';
import { commandText } from './command-text.ts';
import { deliverMention, type MentionDelivery, postStatus } from './delivery/deliver-mention.ts';
import { runAudited } from './run-audited.ts';
import { slackAttachments } from './slack-attachments.ts';
import type { SlackDeps } from './slack-deps.ts';
import { executeInvocation, prepareInvocation } from './slack-invocation.ts';
import { uploadAlongside } from './upload-files.ts';

/**
 * `@meshdoc …` in a channel or incident thread: one status message in the thread ("checking …"),
 * updated in place with the verdict, or, when it cannot be updated, the verdict as a new reply;
 * files go up in the same thread (delivery/deliver-mention.ts). Bolt acks events before this
 * runs. Slack redelivers events it thinks failed, so each event id is handled once.
 */
export function registerMention(app: App, deps: SlackDeps): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    const started = performance.now();
    if (!deps.seenEvents.addIfAbsent(body.event_id, true)) {
      deps.logger.debug({ eventId: body.event_id }, 'duplicate app_mention ignored');
      return;
    }
    // Replies go to the thread's parent: a reply's own ts would start a new, broken thread.
    const thread = event.thread_ts ?? event.ts;
    const where = { surface: 'mention' as const, user: event.user, channel: event.channel, thread };
    const delivery: MentionDelivery = {
      client: deps.delivery.client,
      policy: deps.delivery.policy,
      channel: event.channel,
      thread,
      user: event.user,
      statusTs: undefined,
    };
    await runAudited({
      where,
      logger: deps.logger,
      started,
      audience: 'the thread',
      // Turn the "checking …" message into the failure, so the thread is not left waiting.
      deliverFailure: (message) => deliverMention(delivery, message),
      async work(known) {
        const prepared = await prepareInvocation(
          commandText(event.text, context.botUserId),
          event.channel,
          deps,
          '@meshdoc',
        );
        if (!prepared.ok) {
          return { rejected: prepared, delivery: await deliverMention(delivery, prepared.message) };
        }
        known({ command: prepared.command, args: prepared.args, cluster: prepared.ctx.cluster });
        const status = await postStatus(
          delivery,
          renderChecking(prepared.tokens.join(' '), prepared.ctx.cluster, prepared.patience),
        );
        delivery.statusTs = status.ts;

        // A mention can carry files: `--file NAME` then reads the dump uploaded with it.
        const attachments = slackAttachments(event.files, context.botToken);
        const result = await executeInvocation(
          { ...prepared, ctx: { ...prepared.ctx, attachments } },
          deps,
          '@meshdoc',
        );
        const { message, upload } = await uploadAlongside(
          client,
          { channel: event.channel, threadTs: thread },
          result.files,
          result.message,
        );
        const delivered = await deliverMention(delivery, message);
        if (!delivered.delivered)
          deps.logger.warn(
            { ...where, attempts: delivered.attempts, why: delivered.why },
            'answer not delivered: Slack left no route to the thread or the user',
          );
        return {
          cluster: result.cluster,
          command: prepared.command,
          args: prepared.args,
          verdict: result.verdict,
          error: result.error ?? (upload.ok ? undefined : `upload:${upload.error}`),
          overflowed: result.overflowed,
          reference: result.reference,
          delivery: delivered,
        };
      },
    });
  });
}
