import type { Config } from '../../config.ts';

/**
 * How hard meshdoc tries to get one answer to the person who asked (README, "Delivering answers").
 * Every post has a timeout; a route is retried on 429 (waiting Slack's Retry-After) and on 5xx or
 * network errors (with backoff), then the next route is tried; the whole delivery stops at the
 * deadline, plus at most one Retry-After wait already begun.
 */
export type DeliveryPolicy = {
  /** One HTTP post to Slack (response_url or a Web API call). */
  postTimeoutMs: number;
  /** From the moment the answer is ready until it is delivered or declared lost. */
  deadlineMs: number;
  /** Attempts per route (the first try and its retries). */
  attemptsPerRoute: number;
  /** Waits before the 2nd, 3rd, … attempt after a 5xx, a timeout or a network error. */
  backoffMs: readonly number[];
  /** A Retry-After longer than this is not waited for on this route: the next route is tried. */
  maxRetryAfterMs: number;
};

export function deliveryPolicy(config: Config): DeliveryPolicy {
  return {
    postTimeoutMs: config.MESHDOC_SLACK_POST_TIMEOUT_MS,
    deadlineMs: config.MESHDOC_SLACK_DELIVERY_DEADLINE_MS,
    attemptsPerRoute: 3,
    backoffMs: [500, 1500, 4000],
    maxRetryAfterMs: 30_000,
  };
}
