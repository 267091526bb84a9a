import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';

/** Slack's v0 signature: HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret. */
export function signatureHeaders(
  secret: string,
  rawBody: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestampSeconds), 'x-slack-signature': `v0=${signature}` };
}

// node:http with keep-alive, like a long-lived sender; fetch's per-request overhead would be
// measured as the bot's ack time in the bench.
const agent = new Agent({ keepAlive: true, maxSockets: 100 });

export type SignedPost = { status: number; body: string; latencyMs: number };

/** POSTs a body the way Slack does: slash commands and interactions form-encoded, events as JSON. */
export async function postSigned(
  url: string,
  secret: string,
  body: Record<string, unknown>,
  options: { kind: 'command' | 'interactive' | 'event'; timestampSeconds?: number; signature?: string },
): Promise<SignedPost> {
  const raw =
    options.kind === 'event'
      ? JSON.stringify(body)
      : options.kind === 'interactive'
        ? new URLSearchParams({ payload: JSON.stringify(body) }).toString()
        : new URLSearchParams(body as Record<string, string>).toString();
  const headers = signatureHeaders(secret, raw, options.timestampSeconds);
  if (options.signature) headers['x-slack-signature'] = options.signature;
  const contentType = options.kind === 'event' ? 'application/json' : 'application/x-www-form-urlencoded';
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-type': contentType } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            latencyMs: performance.now() - started,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(raw);
  });
}
