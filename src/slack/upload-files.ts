import type { webApi } from '@slack/bolt';
import type { SlackFile, SlackMessage } from '../renderers/slack/blocks.ts';
import { withUploadFailed } from '../renderers/slack/render-slack-status.ts';

export type UploadTarget = { channel: string; threadTs?: string | undefined };
export type UploadResult = { ok: true } | { ok: false; error: string };

/**
 * Uploads files with files.uploadV2 (getUploadURLExternal → bytes → completeUploadExternal) into
 * the channel, or the thread when threadTs is set. Never throws: the caller tells the user what
 * did not go up (e.g. not_in_channel), because dropping output silently is worse than saying so.
 */
export async function uploadFiles(
  client: webApi.WebClient,
  target: UploadTarget,
  files: readonly SlackFile[],
): Promise<UploadResult> {
  if (files.length === 0) return { ok: true };
  try {
    await client.filesUploadV2({
      channel_id: target.channel,
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
      file_uploads: files.map(fileUpload),
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, error: slackErrorCode(error) };
  }
}

/**
 * One file as files.uploadV2 takes it: text as `content`; an image as `file`, a Buffer (a string
 * there would be read as a path), so Slack stores the bytes as sent and shows the PNG inline.
 */
function fileUpload(f: SlackFile) {
  if (f.mediaType === 'image/png')
    return {
      file: Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength),
      filename: f.filename,
      title: f.title,
      ...(f.altText ? { alt_text: f.altText } : {}),
    };
  return { content: f.content, filename: f.filename, title: f.title };
}

/** Uploads an answer's files; when they cannot go up, the message says so instead of dropping them. */
export async function uploadAlongside(
  client: webApi.WebClient,
  target: UploadTarget,
  files: readonly SlackFile[],
  message: SlackMessage,
): Promise<{ message: SlackMessage; upload: UploadResult }> {
  const upload = await uploadFiles(client, target, files);
  return {
    message: upload.ok ? message : withUploadFailed(message, files, upload.error),
    upload,
  };
}

/**
 * The Slack error code (not_in_channel, ratelimited, …) of a Web API failure, or `http_500` for
 * an HTTP error (the SDK's own code, slack_webapi_http_error, says nothing to a user), for users
 * and logs.
 */
export function slackErrorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const data = 'data' in error ? (error.data as { error?: unknown } | undefined) : undefined;
    if (typeof data?.error === 'string') return data.error;
    if ('statusCode' in error && typeof error.statusCode === 'number') return `http_${error.statusCode}`;
    if ('retryAfter' in error) return 'http_429';
    if ('code' in error && typeof error.code === 'string') return error.code;
  }
  return 'upload_failed';
}
