import { describe, expect, it } from 'vitest';
import type { AttemptOutcome } from '../../src/slack/delivery/attempt.ts';
import { deliverByRoutes } from '../../src/slack/delivery/deliver-by-routes.ts';
import type { DeliveryPolicy } from '../../src/slack/delivery/delivery-policy.ts';
import { ResponseUrlBudget, responseUrlMaxPosts } from '../../src/slack/delivery/response-url-budget.ts';

// The delivery policy's rules one by one (issue 14); the end-to-end suite is delivery-faults.test.ts.

const policy: DeliveryPolicy = {
  postTimeoutMs: 100,
  deadlineMs: 2000,
  attemptsPerRoute: 3,
  backoffMs: [10, 20, 40],
  maxRetryAfterMs: 1000,
};

/** A route whose attempts answer from a script, recording the timeouts it was given. */
function scripted(outcomes: AttemptOutcome[]) {
  const calls: number[] = [];
  return {
    calls,
    attempt: async (timeoutMs: number) => {
      calls.push(timeoutMs);
      return outcomes.shift() ?? { ok: true as const };
    },
  };
}

describe('the response_url budget', () => {
  it("counts Slack's 5 posts per URL and keeps the last one for an answer", () => {
    const budget = new ResponseUrlBudget();
    expect(responseUrlMaxPosts).toBe(5);
    for (let i = 0; i < 4; i++) budget.spend('u');
    expect(budget.left('u', 'answer')).toBe(1);
    expect(budget.left('u', 'failure')).toBe(0);
    budget.spend('u');
    expect(budget.left('u', 'answer')).toBe(0);
    expect(budget.left('other', 'answer')).toBe(5);
  });
});

describe('deliverByRoutes', () => {
  it('waits Retry-After on a 429 and backs off on a 5xx, on the same route', async () => {
    const route = scripted([
      { ok: false, result: 'http_429', retry: 'after', retryAfterMs: 50 },
      { ok: false, result: 'http_500', retry: 'backoff' },
    ]);
    const started = performance.now();
    const outcome = await deliverByRoutes([{ route: 'response_url', idempotent: true, ...route }], policy);
    expect(outcome).toEqual({
      delivered: true,
      route: 'response_url',
      attempts: [
        { route: 'response_url', result: 'http_429' },
        { route: 'response_url', result: 'http_500' },
        { route: 'response_url', result: 'ok' },
      ],
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(50 + 20 - 5);
  });

  it('goes to the next route when one cannot work, and skips an unavailable one', async () => {
    const first = scripted([{ ok: false, result: 'not_in_channel', retry: 'next' }]);
    const second = scripted([]);
    const outcome = await deliverByRoutes(
      [
        { route: 'response_url', idempotent: true, available: () => false, ...scripted([]) },
        { route: 'ephemeral', idempotent: false, ...first },
        { route: 'dm', idempotent: false, ...second },
      ],
      policy,
    );
    expect(outcome).toMatchObject({ delivered: true, route: 'dm' });
    expect(outcome.attempts.map((a) => `${a.route}:${a.result}`)).toEqual([
      'response_url:unavailable',
      'ephemeral:not_in_channel',
      'dm:ok',
    ]);
  });

  it('a new post that timed out is neither repeated nor followed by a fallback (it may have arrived)', async () => {
    const post = scripted([{ ok: false, result: 'timeout', retry: 'backoff' }]);
    const dm = scripted([]);
    const outcome = await deliverByRoutes(
      [
        { route: 'thread_reply', idempotent: false, ...post },
        { route: 'dm', idempotent: false, ...dm },
      ],
      policy,
    );
    expect(outcome).toMatchObject({ delivered: false, why: expect.stringContaining('may have arrived') });
    expect(dm.calls).toEqual([]);
  });

  it('a replacing post that timed out is retried', async () => {
    const update = scripted([{ ok: false, result: 'timeout', retry: 'backoff' }]);
    expect(await deliverByRoutes([{ route: 'update', idempotent: true, ...update }], policy)).toMatchObject({
      delivered: true,
      route: 'update',
    });
    expect(update.calls).toHaveLength(2);
  });

  it('a Retry-After longer than the policy allows moves on instead of waiting', async () => {
    const slow = scripted([{ ok: false, result: 'http_429', retry: 'after', retryAfterMs: 60_000 }]);
    const started = performance.now();
    const outcome = await deliverByRoutes(
      [
        { route: 'response_url', idempotent: true, ...slow },
        { route: 'ephemeral', idempotent: false, ...scripted([]) },
      ],
      policy,
    );
    expect(outcome).toMatchObject({ delivered: true, route: 'ephemeral' });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('stops at the deadline and says so; each try gets at most the time left', async () => {
    const failing = scripted(
      Array.from({ length: 10 }, () => ({
        ok: false as const,
        result: 'http_503',
        retry: 'backoff' as const,
      })),
    );
    const outcome = await deliverByRoutes([{ route: 'response_url', idempotent: true, ...failing }], {
      ...policy,
      deadlineMs: 25,
      backoffMs: [10],
    });
    expect(outcome.delivered).toBe(false);
    for (const t of failing.calls) expect(t).toBeLessThanOrEqual(25);
  });
});
