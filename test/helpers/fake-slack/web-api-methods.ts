import { checkBlocksLikeSlack } from './slack-block-rules.ts';

export type StoredMessage = {
  channel: string;
  ts: string;
  threadTs: string | undefined;
  text: unknown;
  blocks: unknown;
  versions: number;
};
export type StoredFile = {
  id: string;
  filename: string;
  title: string;
  /** The bytes read as UTF-8 (what a text file says). */
  content: string;
  /** The bytes exactly as uploaded (an image's PNG). */
  bytes: Buffer;
  /** The image description given to files.getUploadURLExternal, if any. */
  altText: string | undefined;
  channel: string;
  threadTs: string | undefined;
};
export type Upload = {
  filename: string;
  length: number;
  altText: string | undefined;
  bytes: Buffer | undefined;
};

// Slack's documented limits on files.getUploadURLExternal: a file of at most 1 GB, an image
// description (alt_txt; the Node SDK sends it as alt_text) of at most 1000 characters.
export const maxUploadBytes = 1024 ** 3;
export const maxAltTextChars = 1000;

/** What the fake workspace holds; tests read it and set the switches. */
export type WorkspaceState = {
  baseUrl: string;
  messages: Map<string, StoredMessage>;
  files: StoredFile[];
  uploads: Map<string, Upload>;
  /** Channels the bot is not a member of: posts and file shares there fail with not_in_channel. */
  notInChannel: Set<string>;
  /** Channels where a test expects every chat.postMessage to be a thread reply. */
  threadExpected: Set<string>;
  nextTs: () => string;
  nextId: (prefix: string) => string;
};

type Result = Record<string, unknown>;
type Method = (args: Record<string, unknown>, state: WorkspaceState) => Result;

const fail = (error: string, extra: Result = {}): Result => ({ ok: false, error, ...extra });
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const key = (channel: string, ts: string) => `${channel}:${ts}`;

function checkMessage(args: Record<string, unknown>): Result | undefined {
  if (args.blocks === undefined && str(args.text) === undefined && args.attachments === undefined)
    return fail('no_text');
  const rejection = checkBlocksLikeSlack(args.blocks);
  return rejection ? fail(rejection.error, { errors: rejection.errors }) : undefined;
}

export const webApiMethods: Record<string, Method> = {
  'auth.test': () => ({
    ok: true,
    url: 'https://fake.slack.invalid/',
    team: 'Fake',
    user: 'meshdoc',
    team_id: 'TFAKE',
    user_id: 'UMESHDOC',
    bot_id: 'BMESHDOC',
    is_enterprise_install: false,
  }),

  'chat.postMessage': (args, state) => {
    const channel = str(args.channel);
    if (!channel) return fail('channel_not_found');
    if (state.notInChannel.has(channel)) return fail('not_in_channel');
    const invalid = checkMessage(args);
    if (invalid) return invalid;
    const threadTs = str(args.thread_ts);
    // Not Slack's own error: the test said this conversation is a thread, so a top-level post is a bug.
    if (state.threadExpected.has(channel) && !threadTs) return fail('thread_ts_expected');
    const parent = threadTs ? state.messages.get(key(channel, threadTs)) : undefined;
    if (parent?.threadTs && parent.threadTs !== parent.ts) return fail('thread_ts_is_a_reply');
    const ts = state.nextTs();
    state.messages.set(key(channel, ts), {
      channel,
      ts,
      threadTs,
      text: args.text,
      blocks: args.blocks,
      versions: 1,
    });
    return {
      ok: true,
      channel,
      ts,
      message: { type: 'message', text: args.text, ts, thread_ts: threadTs, blocks: args.blocks },
    };
  },

  'chat.update': (args, state) => {
    const channel = str(args.channel);
    const ts = str(args.ts);
    const message = channel && ts ? state.messages.get(key(channel, ts)) : undefined;
    if (!channel || !ts || !message) return fail('message_not_found');
    const invalid = checkMessage(args);
    if (invalid) return invalid;
    Object.assign(message, { text: args.text, blocks: args.blocks, versions: message.versions + 1 });
    return { ok: true, channel, ts, text: args.text };
  },

  'chat.postEphemeral': (args, state) => {
    const channel = str(args.channel);
    if (!channel || !str(args.user)) return fail('channel_not_found');
    if (state.notInChannel.has(channel)) return fail('not_in_channel');
    return checkMessage(args) ?? { ok: true, message_ts: state.nextTs() };
  },

  'files.getUploadURLExternal': (args, state) => {
    const filename = str(args.filename);
    const length = Number(args.length);
    if (!filename || !Number.isInteger(length) || length <= 0) return fail('invalid_arguments');
    if (length > maxUploadBytes) return fail('file_upload_size_restricted');
    const altText = str(args.alt_txt) ?? str(args.alt_text);
    if (altText && [...altText].length > maxAltTextChars) return fail('alt_txt_too_large');
    const id = state.nextId('F');
    state.uploads.set(id, { filename, length, altText, bytes: undefined });
    return { ok: true, upload_url: `${state.baseUrl}/upload/${id}`, file_id: id };
  },

  'files.completeUploadExternal': (args, state) => {
    const files = Array.isArray(args.files) ? (args.files as { id?: string; title?: string }[]) : [];
    if (files.length === 0) return fail('invalid_arguments');
    const channel = str(args.channel_id);
    if (channel && state.notInChannel.has(channel)) return fail('not_in_channel');
    for (const f of files) {
      const upload = f.id ? state.uploads.get(f.id) : undefined;
      if (!upload?.bytes) return fail('file_not_found');
      // Slack checks the bytes against the length announced in getUploadURLExternal.
      if (upload.bytes.length !== upload.length) return fail('file_upload_size_mismatch');
    }
    const done = files.map((f) => {
      const upload = state.uploads.get(f.id ?? '') as Upload;
      const stored: StoredFile = {
        id: f.id ?? '',
        filename: upload.filename,
        title: f.title ?? upload.filename,
        content: upload.bytes?.toString('utf8') ?? '',
        bytes: upload.bytes ?? Buffer.alloc(0),
        altText: upload.altText,
        channel: channel ?? '',
        threadTs: str(args.thread_ts),
      };
      if (channel) state.files.push(stored);
      return { id: stored.id, name: stored.filename, title: stored.title };
    });
    return { ok: true, files: done };
  },
};
