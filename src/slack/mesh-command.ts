import { randomBytes } from 'node:crypto';
import type { App, RespondArguments, SlashCommand } from '@slack/bolt';
import type { SlackMessage } from '../renderers/slack/blocks.ts';
import { renderChecking, withShareButton } from '../renderers/slack/render-slack-status.ts';
import { commandText } from './command-text.ts';
import { runAudited } from './run-audited.ts';
import type { SlackDeps } from './slack-deps.ts';
import { executeInvocation, prepareInvocation } from './slack-invocation.ts';
import { slackErrorCode, uploadAlongside } from './upload-files.ts';

/**
 * `/mesh …`: ack within Slack's 3 s with an ephemeral "checking …", then gather, then answer once
 * through response_url (replace_original, ephemeral) with a "Share in channel" button.
 * Slash commands have no thread, so any files go to the channel itself.
 */
export function registerMeshCommand(app: App, deps: SlackDeps, name = '/mesh'): void {
  app.command(name, async ({ command, ack, respond, client }) => {
    const started = performance.now();
    deps.gate.arrived();
    const where = {
      surface: 'slash' as const,
      user: command.user_id,
      channel: command.channel_id,
      thread: undefined,
    };
    let acked = false;
    const ackOnce = async (message: SlackMessage) => {
      acked = true;
      await ack({ response_type: 'ephemeral', ...message });
    };
    await runAudited({
      where,
      logger: deps.logger,
      started,
      audience: 'the user',
      deliverFailure: (message) =>
        acked
          ? respond({ response_type: 'ephemeral', replace_original: true, ...message })
          : ackOnce(message),
      async work() {
        const prepared = await prepareInvocation(
          commandText(command.text),
          command.channel_id,
          deps,
          '/mesh',
        );
        if (!prepared.ok) {
          await ackOnce(prepared.message);
          return { rejected: prepared };
        }
        await ackOnce(renderChecking(prepared.tokens.join(' '), prepared.ctx.cluster));
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
        const delivery = await answer(respond, client, command, message);
        return {
          cluster: result.cluster,
          command: prepared.command,
          args: prepared.args,
          verdict: result.verdict,
          error: result.error ?? (upload.ok ? undefined : `upload:${upload.error}`) ?? delivery,
          overflowed: result.overflowed,
          reference: result.reference,
        };
      },
    });
  });
}

/**
 * response_url first (works where the bot is not a member; 5 uses / 30 min, one used here). If it
 * is refused (expired, used up), chat.postEphemeral is the only other private route.
 */
async function answer(
  respond: (m: RespondArguments) => Promise<unknown>,
  client: App['client'],
  command: SlashCommand,
  message: SlackMessage,
): Promise<string | undefined> {
  try {
    await respond({ response_type: 'ephemeral', replace_original: true, ...message });
    return undefined;
  } catch (error) {
    try {
      await client.chat.postEphemeral({ channel: command.channel_id, user: command.user_id, ...message });
      return 'response_url_refused';
    } catch (fallbackError) {
      throw new AggregateError(
        [error, fallbackError],
        `answer not delivered: ${slackErrorCode(fallbackError)}`,
      );
    }
  }
}
