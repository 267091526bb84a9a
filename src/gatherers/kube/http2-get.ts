import type { ClientHttp2Session } from 'node:http2';
import type { Http2Target } from './kube-connection.ts';

// One session per API server origin and TLS identity, for the life of the process: a command's
// requests share it; a closed or failed session is replaced by the next request.
const sessions = new Map<Http2Target, ClientHttp2Session>();
// Why a session failed (ECONNREFUSED, a certificate error): its streams only say "cancelled".
const failures = new WeakMap<ClientHttp2Session, Error>();

function sessionFor(target: Http2Target): ClientHttp2Session {
  const open = sessions.get(target);
  if (open && !open.closed && !open.destroyed) return open;
  // Taken here, not at load: the module is on every CLI start's path, HTTP/2 only on a live one's.
  const session = process.getBuiltinModule('node:http2').connect(target.origin, target.tls);
  // Errors reach the streams that were waiting; the session itself must not crash the process.
  session.on('error', (error) => {
    failures.set(session, error);
    sessions.delete(target);
  });
  session.on('close', () => sessions.delete(target));
  session.on('goaway', () => sessions.delete(target));
  // An idle session does not keep the CLI alive once its answer is printed.
  session.on('connect', () => session.unref());
  sessions.set(target, session);
  return session;
}

/**
 * Closes the target's session gracefully (streams in flight finish): a connection rebuilt with
 * fresh credentials (a rotated token file, every minute in a pod) must not leave the old one open.
 */
export function closeHttp2Session(target: Http2Target): void {
  sessions.get(target)?.close();
  sessions.delete(target);
}

/** GET `pathAndQuery` over the target's HTTP/2 session: the status and the body as text. */
export function http2Get(
  target: Http2Target,
  pathAndQuery: string,
  headers: Record<string, string | string[]>,
  signal: AbortSignal,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const session = sessionFor(target);
    const stream = session.request({ ':method': 'GET', ':path': pathAndQuery, ...headers }, { signal });
    let status = 0;
    const chunks: Buffer[] = [];
    stream.on('response', (h) => {
      status = Number(h[':status'] ?? 0);
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve({ status, body: Buffer.concat(chunks).toString('utf8') }));
    // A session that failed to connect fails its streams with ERR_HTTP2_STREAM_CANCEL; the socket's
    // own error is the one worth reporting. It is emitted on the session first, or just after.
    stream.on('error', (error) => setImmediate(() => reject(failures.get(session) ?? error)));
    stream.end();
  });
}
