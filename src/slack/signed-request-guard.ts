import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, type HTTPReceiver, isValidSlackRequest } from '@slack/bolt';
import type { Logger } from 'pino';
import { TtlCache } from './ttl-cache.ts';

/** Slack's window: a signed request is good for 5 minutes either side of its timestamp. */
export const signatureWindowMs = 5 * 60_000;

export type SignedRequestGuardOptions = {
  signingSecret: string;
  logger: Logger;
  /** Wall clock, as Bolt's own check uses (tests). */
  now?: () => number;
  /** Bolt's endpoints for signed requests (HTTPReceiver's default). */
  endpoints?: readonly string[];
  /** Bolt's body limit (HTTPReceiver's default). */
  bodyLimit?: number;
};

export type GuardVerdict = 'pass' | 'future' | 'stale' | 'replayed';

/**
 * What Bolt's verification does not: it refuses a timestamp more than 5 minutes old but not one in
 * the future, and executes a captured signed request again as often as it is replayed inside the
 * window. This refuses both, with the 401 Bolt gives a bad signature. A request whose signature is
 * valid is remembered by its signature for twice the window (a signature is acceptable from 5
 * minutes before its timestamp to 5 minutes after, so it outlives every chance of reuse); only
 * valid signatures are remembered, so forged requests cannot evict real ones. Requests without a
 * valid signature pass to Bolt unchanged, which refuses them (or answers an unsigned ssl_check).
 */
export function signedRequestVerdict(
  req: IncomingMessage,
  rawBody: Buffer,
  signingSecret: string,
  seen: TtlCache<true>,
  nowMs: number,
): GuardVerdict {
  const signature = req.headers['x-slack-signature'];
  const timestampHeader = req.headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof timestampHeader !== 'string') return 'pass';
  const timestampMs = Number(timestampHeader) * 1000;
  if (!Number.isFinite(timestampMs)) return 'pass';
  if (timestampMs > nowMs + signatureWindowMs) return 'future';
  if (timestampMs < nowMs - signatureWindowMs) return 'stale';
  const valid = isValidSlackRequest({
    signingSecret,
    body: rawBody.toString(),
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestampHeader) },
    nowMilliseconds: nowMs,
  });
  if (!valid) return 'pass';
  return seen.addIfAbsent(signature, true) ? 'pass' : 'replayed';
}

const reasons: Record<Exclude<GuardVerdict, 'pass'>, string> = {
  future: 'its timestamp is more than 5 minutes in the future',
  stale: 'its timestamp is more than 5 minutes old',
  replayed: 'its signature was already used (a replayed request)',
};

/**
 * Puts the check in front of Bolt's HTTPReceiver: the signed endpoints' bodies are buffered here
 * (Bolt reuses an already-buffered body and verifies the signature itself as before), checked, and
 * either refused with 401 or handed to Bolt's own request listener.
 */
export function guardSignedRequests(receiver: HTTPReceiver, options: SignedRequestGuardOptions): void {
  const now = options.now ?? Date.now;
  const endpoints = options.endpoints ?? ['/slack/events'];
  const bodyLimit = options.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit;
  const seen = new TtlCache<true>({ ttlMs: 2 * signatureWindowMs, maxEntries: 100_000, now });
  const bolt = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || !endpoints.includes(path)) return bolt(req, res);
    void (async () => {
      let buffered: IncomingMessage & { rawBody: Buffer };
      try {
        buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, bodyLimit);
      } catch (error) {
        // As Bolt answers: 413 for a body over the limit, 401 for anything unreadable.
        const tooLarge = HTTPModuleFunctions.isRawBodyError(error) && error.statusCode === 413;
        options.logger.warn(
          { slackRequest: 'refused', reason: tooLarge ? 'too large' : 'unreadable' },
          'Slack request refused',
        );
        HTTPModuleFunctions.buildNoBodyResponse(res, tooLarge ? 413 : 401);
        return;
      }
      const verdict = signedRequestVerdict(buffered, buffered.rawBody, options.signingSecret, seen, now());
      if (verdict !== 'pass') {
        options.logger.warn(
          { slackRequest: 'refused', reason: verdict, timestamp: req.headers['x-slack-request-timestamp'] },
          `Slack request refused: ${reasons[verdict]}`,
        );
        HTTPModuleFunctions.buildNoBodyResponse(res, 401);
        return;
      }
      bolt(buffered, res);
    })().catch((error: unknown) => {
      options.logger.error({ err: error }, 'Slack request guard failed');
      if (!res.headersSent) HTTPModuleFunctions.buildNoBodyResponse(res, 500);
    });
  };
}
