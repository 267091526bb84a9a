import { TtlCache } from '../ttl-cache.ts';

/** Slack takes at most 5 posts per response_url, within 30 minutes of the interaction. */
export const responseUrlMaxPosts = 5;
const lifetimeMs = 30 * 60_000;

/**
 * Counts the posts each response_url has taken, so meshdoc never sends one Slack will refuse and
 * never spends the last one on a failure message (it stays for an answer, e.g. after a share).
 */
export class ResponseUrlBudget {
  private readonly used: TtlCache<number>;

  constructor(now: () => number = Date.now) {
    this.used = new TtlCache<number>({ ttlMs: lifetimeMs, maxEntries: 5_000, now });
  }

  /** Posts left for an answer (`failure`: for a failure message, which leaves the last one). */
  left(url: string, purpose: 'answer' | 'failure'): number {
    const left = responseUrlMaxPosts - (this.used.get(url) ?? 0);
    return purpose === 'failure' ? left - 1 : left;
  }

  /** A post that reached Slack (any answer but a 429, which Slack did not take). */
  spend(url: string): void {
    this.used.set(url, (this.used.get(url) ?? 0) + 1);
  }
}
