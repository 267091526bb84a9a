import type { App, BlockButtonAction } from '@slack/bolt';
import { renderExpired, renderShared, shareActionId } from '../renderers/slack/render-slack-status.ts';
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
    async ({ ack, body, action, respond }) => {
      const started = performance.now();
      await ack();
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
        deliverFailure: (message) =>
          respond({ response_type: 'ephemeral', replace_original: false, ...message }),
        async work() {
          const shared = deps.shares.take(action.value ?? '');
          if (!shared) {
            await respond({ response_type: 'ephemeral', replace_original: false, ...renderExpired() });
            return {
              cluster: undefined,
              command: undefined,
              args: [],
              verdict: undefined,
              error: 'share_expired',
              overflowed: false,
            };
          }
          await respond({
            response_type: 'in_channel',
            replace_original: false,
            ...renderShared(shared.message, body.user.id),
          });
          return {
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
