import type { App, BlockButtonAction } from '@slack/bolt';
import { renderExpired, renderShared, shareActionId } from '../renderers/slack/render-slack-status.ts';
import { audit } from './audit-log.ts';
import { reportFailure } from './report-failure.ts';
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
      try {
        const shared = deps.shares.take(action.value ?? '');
        if (!shared) {
          await respond({ response_type: 'ephemeral', replace_original: false, ...renderExpired() });
          audit(deps.logger, {
            ...where,
            cluster: undefined,
            command: undefined,
            args: [],
            verdict: undefined,
            error: 'share_expired',
            durationMs: performance.now() - started,
            overflowed: false,
          });
          return;
        }
        await respond({
          response_type: 'in_channel',
          replace_original: false,
          ...renderShared(shared.message, body.user.id),
        });
        audit(deps.logger, {
          ...where,
          cluster: shared.cluster,
          command: shared.command,
          args: shared.args,
          verdict: 'shared',
          error: undefined,
          durationMs: performance.now() - started,
          overflowed: false,
        });
      } catch (error) {
        const failure = reportFailure(deps.logger, error, where);
        await respond({ response_type: 'ephemeral', replace_original: false, ...failure.message }).catch(
          (deliveryError: unknown) => {
            deps.logger.error(
              { err: deliveryError, reference: failure.reference },
              'could not tell the user about a failure',
            );
          },
        );
      }
    },
  );
}
