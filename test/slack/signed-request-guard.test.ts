import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { signatureWindowMs, signedRequestVerdict } from '../../src/slack/signed-request-guard.ts';
import { TtlCache } from '../../src/slack/ttl-cache.ts';
import { signatureHeaders } from '../helpers/fake-slack/sign-request.ts';

const secret = 'guard-test-secret-0123';
const body = 'command=%2Fmesh&text=help';
const t0 = 1_800_000_000_000;

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('signedRequestVerdict (future timestamps and replays; Bolt checks the rest)', () => {
  const signedAt = (offsetMs: number) =>
    request(signatureHeaders(secret, body, Math.floor((t0 + offsetMs) / 1000)));

  it('refuses timestamps more than 5 minutes either side, accepts them within', () => {
    const seen = new TtlCache<true>({ ttlMs: 2 * signatureWindowMs, maxEntries: 10, now: () => t0 });
    expect(signedRequestVerdict(signedAt(6 * 60_000), Buffer.from(body), secret, seen, t0)).toBe('future');
    expect(signedRequestVerdict(signedAt(-6 * 60_000), Buffer.from(body), secret, seen, t0)).toBe('stale');
    expect(signedRequestVerdict(signedAt(4 * 60_000), Buffer.from(body), secret, seen, t0)).toBe('pass');
    expect(signedRequestVerdict(signedAt(-4 * 60_000), Buffer.from(body), secret, seen, t0)).toBe('pass');
  });

  it('passes a valid signature once; the same signature again is a replay for as long as it is acceptable', () => {
    let now = t0;
    const seen = new TtlCache<true>({ ttlMs: 2 * signatureWindowMs, maxEntries: 10, now: () => now });
    const req = signedAt(5 * 60_000); // acceptable from t0 until t0 + 10 minutes
    expect(signedRequestVerdict(req, Buffer.from(body), secret, seen, now)).toBe('pass');
    expect(signedRequestVerdict(req, Buffer.from(body), secret, seen, now)).toBe('replayed');
    now = t0 + 10 * 60_000 - 1000;
    expect(signedRequestVerdict(req, Buffer.from(body), secret, seen, now)).toBe('replayed');
    now = t0 + 10 * 60_000 + 1000;
    expect(signedRequestVerdict(req, Buffer.from(body), secret, seen, now)).toBe('stale');
  });

  it('leaves bad or missing signatures to Bolt (which refuses them) and does not remember them', () => {
    const seen = new TtlCache<true>({ ttlMs: 2 * signatureWindowMs, maxEntries: 10, now: () => t0 });
    const forged = request(signatureHeaders('wrong-secret-0123456', body, Math.floor(t0 / 1000)));
    expect(signedRequestVerdict(forged, Buffer.from(body), secret, seen, t0)).toBe('pass');
    expect(signedRequestVerdict(forged, Buffer.from(body), secret, seen, t0)).toBe('pass');
    expect(seen.size).toBe(0);
    expect(signedRequestVerdict(request({}), Buffer.from('ssl_check=1'), secret, seen, t0)).toBe('pass');
  });
});
