import { randomBytes } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { SlackMessage } from '../renderers/slack/blocks.ts';
import { renderChecking, withShareButton } from '../renderers/slack/render-slack-status.ts';
import { commandText } from './command-text.ts';
import type { DeliveryOutcome } from './delivery/attempt.ts';
import { deliverSlash, type SlashDelivery } from './delivery/deliver-slash.ts';
import { runAudited } from './run-audited.ts';
import type { SlackDeps } from './slack-deps.ts';
import { executeInvocation, prepareInvocation } from './slack-invocation.ts';
import { uploadAlongside } from './upload-files.ts';

/**
 * `/mesh …`: ack within Slack's 3 s with an ephemeral "checking …", then gather, then deliver the
 * answer once by the delivery policy (response_url, then an ephemeral message, then a DM; see
 * delivery/deliver-slash.ts) with a "Share in channel" button. Slash commands have no thread, so
 * any files go to the channel itself.
 */
export function registerMeshCommand(app: App, deps: SlackDeps, name = '/mesh'): void {
  app.command(name, async ({ command, ack, client }) => {
    const started = performance.now();
    deps.gate.arrived();
    const where = {
      surface: 'slash' as const,
      user: command.user_id,
      channel: command.channel_id,
      thread: undefined,
    };
    const delivery: SlashDelivery = {
      client: deps.delivery.client,
      policy: deps.delivery.policy,
      budget: deps.delivery.budget,
      responseUrl: command.response_url,
      channel: command.channel_id,
      user: command.user_id,
    };
    let acked = false;
    const ackOnce = async (message: SlackMessage) => {
      acked = true;
      await ack({ response_type: 'ephemeral', ...message });
    };
    const acknowledged: DeliveryOutcome = {
      delivered: true,
      route: 'ack',
      attempts: [{ route: 'ack', result: 'ok' }],
    };
    await runAudited({
      where,
      logger: deps.logger,
      started,
      audience: 'the user',
      deliverFailure: async (message) => {
        if (acked) return deliverSlash(delivery, message, 'failure');
        await ackOnce(message);
        return acknowledged;
      },
      async work(known) {
        const prepared = await prepareInvocation(
          commandText(command.text),
          command.channel_id,
          deps,
          '/mesh',
        );
        if (!prepared.ok) {
          await ackOnce(prepared.message);
          return { rejected: prepared, delivery: acknowledged };
        }
        known({ command: prepared.command, args: prepared.args, cluster: prepared.ctx.cluster });
        await ackOnce(renderChecking(prepared.tokens.join(' '), prepared.ctx.cluster, prepared.patience));
        // Let the other commands of a burst reach their ack before this one starts gathering.
        await deps.gate.pass(started);

        const result = await executeInvocation(prepared, deps, '/mesh');
        const uploaded = await uploadAlongside(
          client,
          { channel: command.channel_id },
          result.files,
          result.message,
        );
        const upload = uploaded.upload;
        let message = uploaded.message;
        if (result.verdict !== undefined) {
          const shareId = randomBytes(12).toString('base64url');
          deps.shares.set(shareId, {
            message,
            cluster: result.cluster,
            command: prepared.command,
            args: prepared.args,
          });
          message = withShareButton(message, shareId);
        }
        const delivered = await deliverSlash(delivery, message, 'answer');
        if (!delivered.delivered)
          deps.logger.warn(
            { ...where, attempts: delivered.attempts, why: delivered.why },
            'answer not delivered: Slack left no route to the user',
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
