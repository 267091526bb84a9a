import type { App, BlockButtonAction } from '@slack/bolt';
import type { SlackMessage } from '../renderers/slack/blocks.ts';
import { renderExpired, renderShared, shareActionId } from '../renderers/slack/render-slack-status.ts';
import type { DeliveryOutcome } from './delivery/attempt.ts';
import { deliverByRoutes } from './delivery/deliver-by-routes.ts';
import { responseUrlStep } from './delivery/response-url-step.ts';
import { runAudited } from './run-audited.ts';
import type { SlackDeps } from './slack-deps.ts';

/**
 * "Share in channel": an ephemeral answer cannot be made public, so the stored copy is posted
 * again, in_channel, through the button's own response_url, naming who shared it. Each stored
 * answer is shared once; afterwards (or after 30 minutes) the click says it is gone.
 */
export function registerShareAction(app: App, deps: SlackDeps): void {
  app.action<BlockButtonAction>(
    { type: 'block_actions', action_id: shareActionId },
    async ({ ack, body, action }) => {
      const started = performance.now();
      await ack();
      const responseUrl = body.response_url;
      // The click's own response_url (a new one per click): retried on 429 and 5xx; a new post
      // (replace_original false) that timed out is not repeated, since it may have arrived.
      const post = (
        message: SlackMessage,
        visibility: 'ephemeral' | 'in_channel',
        purpose: 'answer' | 'failure',
      ) =>
        deliverByRoutes(
          [
            responseUrlStep(
              deps.delivery.budget,
              responseUrl,
              { response_type: visibility, replace_original: false, ...message },
              purpose,
              false,
            ),
          ],
          deps.delivery.policy,
        );
      const where = {
        surface: 'share' as const,
        user: body.user.id,
        channel: body.channel?.id ?? 'unknown',
        thread: undefined,
      };
      await runAudited({
        where,
        logger: deps.logger,
        started,
        audience: 'the user',
        deliverFailure: (message): Promise<DeliveryOutcome> => post(message, 'ephemeral', 'failure'),
        async work() {
          const shared = deps.shares.take(action.value ?? '');
          if (!shared) {
            const delivery = await post(renderExpired(), 'ephemeral', 'answer');
            return {
              delivery,
              cluster: undefined,
              command: undefined,
              args: [],
              verdict: undefined,
              error: 'share_expired',
              overflowed: false,
            };
          }
          const delivery = await post(renderShared(shared.message, body.user.id), 'in_channel', 'answer');
          return {
            delivery,
            cluster: shared.cluster,
            command: shared.command,
            args: shared.args,
            verdict: 'shared',
            error: undefined,
            overflowed: false,
          };
        },
      });
    },
  );
}
