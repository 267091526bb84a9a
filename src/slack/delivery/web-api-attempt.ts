import type { AttemptOutcome } from './attempt.ts';

// Slack errors that say the call can never work as made: go to the next route.
const hopeless = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'msg_too_long',
  'invalid_blocks',
  'user_not_found',
  'user_not_in_channel',
  'cannot_dm_bot',
  'restricted_action',
  'not_allowed_token_type',
  'missing_scope',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
]);

/**
 * One Web API call (chat.postMessage, chat.update, chat.postEphemeral) as an attempt outcome. The
 * client is built with rejectRateLimitedCalls, so a 429 comes back here with its Retry-After instead
 * of pausing the client's one shared queue, which used to hold every other conversation's reply.
 */
export async function webApiAttempt(call: () => Promise<unknown>): Promise<AttemptOutcome> {
  try {
    await call();
    return { ok: true };
  } catch (error) {
    return classify(error);
  }
}

function classify(error: unknown): AttemptOutcome {
  const e = (error ?? {}) as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
    original?: { code?: string; name?: string; message?: string };
  };
  if (e.code === 'slack_webapi_rate_limited_error')
    return { ok: false, result: 'http_429', retry: 'after', retryAfterMs: (e.retryAfter ?? 1) * 1000 };
  if (e.code === 'slack_webapi_http_error') {
    const status = e.statusCode ?? 0;
    return { ok: false, result: `http_${status}`, retry: status >= 500 ? 'backoff' : 'next' };
  }
  if (e.code === 'slack_webapi_platform_error') {
    const slackError = e.data?.error ?? 'platform_error';
    if (slackError === 'ratelimited')
      return { ok: false, result: 'http_429', retry: 'after', retryAfterMs: 1000 };
    return { ok: false, result: slackError, retry: hopeless.has(slackError) ? 'next' : 'backoff' };
  }
  if (e.code === 'slack_webapi_request_error') {
    const original = e.original;
    const timedOut =
      original?.code === 'ECONNABORTED' ||
      original?.code === 'ETIMEDOUT' ||
      /timeout/i.test(original?.message ?? '');
    return { ok: false, result: timedOut ? 'timeout' : 'network', retry: 'backoff' };
  }
  return { ok: false, result: 'error', retry: 'next' };
}
