import type { Attempt, AttemptOutcome, DeliveryOutcome, Route } from './attempt.ts';
import type { DeliveryPolicy } from './delivery-policy.ts';

export type RouteStep = {
  route: Route;
  /** One try; never throws (every failure is an outcome). */
  attempt: (timeoutMs: number) => Promise<AttemptOutcome>;
  /** May this route be retried after a timeout? Only when a repeat cannot show the answer twice. */
  idempotent: boolean;
  /** False when the route cannot be tried at all now (a used-up response_url). */
  available?: () => boolean;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Tries the routes in order until one delivers: each route up to `attemptsPerRoute` times,
 * waiting Retry-After on a 429 and backing off on a 5xx or network error, always within the
 * deadline. A timeout is retried only on an idempotent route (replacing a message): on any other,
 * the post may have arrived, and trying again or falling back could show the answer twice, so the
 * delivery stops there and says so.
 */
export async function deliverByRoutes(
  steps: readonly RouteStep[],
  policy: DeliveryPolicy,
  now: () => number = performance.now.bind(performance),
): Promise<DeliveryOutcome> {
  const attempts: Attempt[] = [];
  const deadline = now() + policy.deadlineMs;
  for (const step of steps) {
    if (step.available && !step.available()) {
      attempts.push({ route: step.route, result: 'unavailable' });
      continue;
    }
    for (let n = 0; n < policy.attemptsPerRoute; n++) {
      const left = deadline - now();
      if (left <= 0) return { delivered: false, attempts, why: 'deadline' };
      const outcome = await step.attempt(Math.min(policy.postTimeoutMs, left));
      if (outcome.ok) {
        attempts.push({ route: step.route, result: 'ok' });
        return { delivered: true, route: step.route, attempts };
      }
      attempts.push({ route: step.route, result: outcome.result });
      if (outcome.result === 'timeout' && !step.idempotent) {
        return { delivered: false, attempts, why: `${step.route} timed out; the answer may have arrived` };
      }
      if (outcome.retry === 'next' || n + 1 >= policy.attemptsPerRoute) break;
      const wait =
        outcome.retry === 'after'
          ? (outcome.retryAfterMs ?? 1000)
          : (policy.backoffMs[Math.min(n, policy.backoffMs.length - 1)] ?? 1000);
      if (outcome.retry === 'after' && wait > policy.maxRetryAfterMs) break;
      if (now() + wait >= deadline) break;
      await sleep(wait);
    }
  }
  const last = attempts.at(-1);
  return { delivered: false, attempts, why: last ? `${last.route}: ${last.result}` : 'no route' };
}
