import { request } from 'node:http';
import type { Duplex } from 'node:stream';

export type AdminResponse =
  | { ok: true; body: Buffer }
  | { ok: false; reason: 'status'; status: number; body: string }
  | { ok: false; reason: 'too_large'; limit: number }
  | { ok: false; reason: 'timeout'; afterMs: number; received: number }
  | { ok: false; reason: 'connection'; error: Error; received: number };

/**
 * One GET to Envoy's admin API over an already open connection (a port-forward tunnel). node:http
 * does the HTTP/1.1 parsing (chunked bodies, keep-alive) so none of it is hand-written. Returns what
 * happened instead of throwing, so the caller can word the error for the pod it was talking to.
 */
export function fetchEnvoyAdmin(
  connection: Duplex,
  path: string,
  limits: { maxBytes: number; timeoutMs: number },
): Promise<AdminResponse> {
  return new Promise<AdminResponse>((resolve) => {
    let received = 0;
    let settled = false;
    const finish = (result: AdminResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      connection.destroy();
      resolve(result);
    };
    if (connection.destroyed) {
      // The tunnel ended before the request (the kubelet refused the port): its reason, not a hang-up.
      resolve({
        ok: false,
        reason: 'connection',
        error: connection.errored ?? new Error('the connection closed before the request was sent'),
        received,
      });
      return;
    }
    const timer = setTimeout(
      () => finish({ ok: false, reason: 'timeout', afterMs: limits.timeoutMs, received }),
      limits.timeoutMs,
    );
    const req = request({
      createConnection: () => connection as never,
      method: 'GET',
      path,
      // Envoy's admin listener is bound to 127.0.0.1 inside the pod; the Host header says so.
      headers: { host: '127.0.0.1:15000', accept: 'application/json', connection: 'close' },
    });
    req.on('error', (error) => finish({ ok: false, reason: 'connection', error, received }));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      // One growing buffer rather than a list of chunks and a final concat: each chunk (a view into
      // a WebSocket frame) becomes garbage as soon as it is copied, which keeps the peak near
      // twice the body instead of three times on tens of MB.
      const length = Number(res.headers['content-length']);
      let body = Buffer.allocUnsafe(
        Number.isSafeInteger(length) && length > 0 ? Math.min(length, limits.maxBytes) : 1 << 20,
      );
      res.on('data', (chunk: Buffer) => {
        if (status === 200 && received + chunk.length > limits.maxBytes) {
          finish({ ok: false, reason: 'too_large', limit: limits.maxBytes });
          return;
        }
        if (status !== 200 && received >= 4096) return;
        if (received + chunk.length > body.length) {
          const grown = Buffer.allocUnsafe(Math.max(body.length * 2, received + chunk.length));
          body.copy(grown, 0, 0, received);
          body = grown;
        }
        chunk.copy(body, received);
        received += chunk.length;
      });
      res.on('end', () => {
        body = body.subarray(0, received);
        finish(
          status === 200
            ? { ok: true, body }
            : { ok: false, reason: 'status', status, body: body.toString('utf8').slice(0, 300) },
        );
      });
      res.on('error', (error) => finish({ ok: false, reason: 'connection', error, received }));
      res.on('aborted', () =>
        finish({ ok: false, reason: 'connection', error: new Error('response aborted'), received }),
      );
    });
    req.end();
  });
}
