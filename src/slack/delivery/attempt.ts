/** The ways an answer can reach its person, in the order the delivery policy tries them. */
export type Route =
  /** Slash command: the acknowledgement itself (a usage error answered within Slack's 3 s). */
  | 'ack'
  /** Slash command: the interaction's response_url (ephemeral, works where the bot is no member). */
  | 'response_url'
  /** Slash command: chat.postEphemeral to the user in the channel (needs membership). */
  | 'ephemeral'
  /** Mention: chat.update of the "checking …" status message in the thread. */
  | 'update'
  /** Mention: a new reply in the thread (the status message is gone or cannot be edited). */
  | 'thread_reply'
  /** Last resort on both surfaces: a direct message from the app to the user. */
  | 'dm';

/** One try on one route and what came of it: `ok`, `http_429`, `http_503`, `timeout`, `network`, or Slack's error code. */
export type Attempt = { route: Route; result: string };

/** What one attempt tells the retry loop. */
export type AttemptOutcome =
  | { ok: true }
  | {
      ok: false;
      result: string;
      /**
       * `after`: 429, wait Retry-After and try this route again; `backoff`: a 5xx, timeout or
       * network error, try again after a pause; `next`: this route cannot work (expired
       * response_url, message_not_found, not_in_channel): go to the next route.
       */
      retry: 'after' | 'backoff' | 'next';
      retryAfterMs?: number;
    };

/** How a delivery ended: exactly one of these per command, in its audit line. */
export type DeliveryOutcome =
  | { delivered: true; route: Route; attempts: readonly Attempt[] }
  | { delivered: false; attempts: readonly Attempt[]; why: string };
