import { context, type MeshBlock, type SlackFile, type SlackMessage, section } from './blocks.ts';
import { escapeMrkdwn, inlineCode, userMention } from './escape.ts';
import { clip } from './limits.ts';

/** action_id of the "Share in channel" button; the adapter listens for it. */
export const shareActionId = 'meshdoc_share';

/** The interim answer shown at once (ack text, or the thread message later updated in place). */
export function renderChecking(commandLine: string, cluster: string, patience?: string): SlackMessage {
  const text = `:hourglass_flowing_sand: Checking ${inlineCode(clip(commandLine, 300))} on cluster ${inlineCode(clip(cluster, 200))}…${patience ? ` ${escapeMrkdwn(patience)}` : ''}`;
  return {
    text: clip(`Checking ${escapeMrkdwn(commandLine)} on cluster ${escapeMrkdwn(cluster)}…`, 500),
    blocks: [section(text)],
  };
}

/** Adds the "Share in channel" button; the value is only a store key, never the report itself. */
export function withShareButton(message: SlackMessage, shareId: string): SlackMessage {
  const button = {
    type: 'button',
    action_id: shareActionId,
    value: shareId,
    text: { type: 'plain_text', text: 'Share in channel' },
  } as const;
  return { ...message, blocks: [...message.blocks, { type: 'actions', elements: [button] }] };
}

/** The same answer, for everyone, with who shared it. Buttons are dropped: they belong to the asker. */
export function renderShared(message: SlackMessage, userId: string): SlackMessage {
  const blocks: MeshBlock[] = message.blocks.filter((b) => b.type !== 'actions');
  blocks.push(context(`:mega: shared by ${userMention(userId)}`));
  return { ...message, blocks };
}

/** Appends a warning line, e.g. that the attached files could not be uploaded. */
export function withNotice(message: SlackMessage, notice: string): SlackMessage {
  return { ...message, blocks: [...message.blocks, section(notice)] };
}

/** Says which files did not go up and what to do, so the content is not dropped silently. */
export function uploadFailedNotice(files: readonly SlackFile[], reason: string): string {
  // Kept short: it must fit the room limits.ts reserves for the adapter's additions.
  const shown = files.slice(0, 3).map((f) => inlineCode(clip(f.filename, 80)));
  const names = `${shown.join(', ')}${files.length > 3 ? ` and ${files.length - 3} more` : ''}`;
  const http = /^http_(\d+)$/.exec(reason)?.[1];
  const why =
    reason === 'not_in_channel' || reason === 'channel_not_found'
      ? `: meshdoc is not a member of this channel. Invite it with ${inlineCode('/invite @meshdoc')} and run the command again, or run it in the CLI.`
      : http
        ? ` (HTTP ${http} from Slack). Run the command again, or use the CLI for the full output.`
        : `: Slack answered ${inlineCode(clip(reason, 80))}. Run the command again, or use the CLI for the full output.`;
  return clip(
    `:warning: The ${files.length === 1 ? 'file' : 'files'} ${names} could not be uploaded${why}`,
    700,
  );
}

/**
 * The answer when its files did not go up: the ":paperclip: Attached" line the report renderer
 * wrote is taken out (it is no longer true) and the notice saying why is added.
 */
export function withUploadFailed(
  message: SlackMessage,
  files: readonly SlackFile[],
  reason: string,
): SlackMessage {
  const blocks = message.blocks.filter(
    (b) => !(b.type === 'context' && JSON.stringify(b).includes(':paperclip: Attached:')),
  );
  return withNotice({ ...message, blocks }, uploadFailedNotice(files, reason));
}

export function renderExpired(): SlackMessage {
  const text =
    ':hourglass: This answer is no longer stored (answers are kept 30 minutes, or it was already shared). Run the command again to share it.';
  return { text: 'This answer can no longer be shared.', blocks: [section(text)] };
}
