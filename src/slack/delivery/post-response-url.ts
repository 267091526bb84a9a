import type { AttemptOutcome } from './attempt.ts';

/**
 * One POST of a message to an interaction's response_url, bounded by `timeoutMs` (Node's fetch
 * would otherwise wait 300 s on a hung connection). Slack answers 200 `ok`, 404 once the URL has
 * expired (30 minutes) or been used 5 times, 429 with Retry-After when rate limited.
 */
export async function postResponseUrl(
  url: string,
  body: Record<string, unknown>,
  timeoutMs: number,
): Promise<AttemptOutcome> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const name = (error as { name?: string }).name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    return { ok: false, result: timedOut ? 'timeout' : 'network', retry: 'backoff' };
  }
  // The body is small (`ok`, or an error word); read it so the connection can be reused.
  const text = await res.text().catch(() => '');
  if (res.ok) return { ok: true };
  if (res.status === 429) {
    return {
      ok: false,
      result: 'http_429',
      retry: 'after',
      retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
    };
  }
  if (res.status >= 500) return { ok: false, result: `http_${res.status}`, retry: 'backoff' };
  // 404 expired_url / used_url, 400 invalid_blocks …: this URL will not take it.
  return { ok: false, result: `http_${res.status}${text ? `:${text.slice(0, 40)}` : ''}`, retry: 'next' };
}

/** Retry-After in seconds (Slack's form) or an HTTP date; 1 s when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined): number {
  if (!header) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : 1000;
}
