import type { RouteStep } from './deliver-by-routes.ts';
import { postResponseUrl } from './post-response-url.ts';
import type { ResponseUrlBudget } from './response-url-budget.ts';

/**
 * The response_url route: available while the URL has posts left for this purpose, and every
 * post Slack took (any answer but a 429) counted against its 5. `idempotent` when the body
 * replaces the original message, so a timed-out post may be sent again.
 */
export function responseUrlStep(
  budget: ResponseUrlBudget,
  url: string,
  body: Record<string, unknown>,
  purpose: 'answer' | 'failure',
  idempotent: boolean,
): RouteStep {
  return {
    route: 'response_url',
    idempotent,
    available: () => budget.left(url, purpose) > 0,
    attempt: async (timeoutMs) => {
      const outcome = await postResponseUrl(url, body, timeoutMs);
      if (outcome.ok || (outcome.result !== 'http_429' && outcome.result.startsWith('http_')))
        budget.spend(url);
      return outcome;
    },
  };
}
