// Request bodies shaped like Slack's (docs.slack.dev payload examples), trimmed to what Bolt reads.
const team = { team_id: 'TFAKE', api_app_id: 'AMESHDOC' };

export function slashCommand(o: {
  text: string;
  channel?: string;
  user?: string;
  responseUrl: string;
}): Record<string, string> {
  return {
    token: 'verification-token-unused',
    ...team,
    team_domain: 'fake',
    channel_id: o.channel ?? 'CINCIDENT',
    channel_name: 'incident',
    user_id: o.user ?? 'UONCALL',
    user_name: 'oncall',
    command: '/mesh',
    text: o.text,
    response_url: o.responseUrl,
    trigger_id: '123.456.abc',
    is_enterprise_install: 'false',
  };
}

export function appMention(o: {
  text: string;
  ts: string;
  threadTs?: string;
  channel?: string;
  user?: string;
  eventId: string;
  /** Files uploaded with the message (FakeSlack.shareFile). */
  files?: Record<string, unknown>[];
}): Record<string, unknown> {
  const event = {
    type: 'app_mention',
    ...(o.files ? { files: o.files } : {}),
    user: o.user ?? 'UONCALL',
    text: o.text,
    ts: o.ts,
    channel: o.channel ?? 'CINCIDENT',
    event_ts: o.ts,
    ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
  };
  return {
    token: 'verification-token-unused',
    ...team,
    event,
    type: 'event_callback',
    event_id: o.eventId,
    event_time: 1700000000,
    authorizations: [
      {
        enterprise_id: null,
        team_id: 'TFAKE',
        user_id: 'UMESHDOC',
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

export function shareClick(o: {
  value: string;
  responseUrl: string;
  channel?: string;
  user?: string;
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: o.user ?? 'UONCALL', username: 'oncall', team_id: 'TFAKE' },
    api_app_id: 'AMESHDOC',
    token: 'verification-token-unused',
    container: {
      type: 'message',
      message_ts: '1700000000.000001',
      channel_id: o.channel ?? 'CINCIDENT',
      is_ephemeral: true,
    },
    trigger_id: '123.456.def',
    team: { id: 'TFAKE', domain: 'fake' },
    channel: { id: o.channel ?? 'CINCIDENT', name: 'incident' },
    response_url: o.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: 'meshdoc_share',
        block_id: 'b1',
        value: o.value,
        text: { type: 'plain_text', text: 'Share in channel' },
        action_ts: '1700000001.000000',
      },
    ],
  };
}
