import { PrometheusResponseSchema } from '../../schemas/prometheus.ts';
import type { PrometheusQuery, PrometheusQueryOutcome, PrometheusServer } from './prometheus-query-types.ts';

/** Bigger answers are refused as malformed: meshdoc's queries aggregate to a handful of series. */
const defaultMaxBytes = 16 * 1024 * 1024;

/**
 * One query to Prometheus's HTTP API (POST /api/v1/query or /api/v1/query_range, form-encoded so a
 * long PromQL never meets a URL length limit), through the global fetch under
 * `AbortSignal.timeout(timeoutMs)` (connection, answer and body alike). Never throws: every
 * failure comes back as `{ ok: false, reason, message }` with a sentence naming the server.
 * `timeout` is also sent to Prometheus, so it stops evaluating a query nobody waits for.
 */
export async function queryPrometheus(
  server: PrometheusServer,
  query: PrometheusQuery,
  options: { timeoutMs: number; maxBytes?: number; now?: () => number },
): Promise<PrometheusQueryOutcome> {
  const now = options.now ?? Date.now;
  const started = now();
  const took = () => Math.max(0, now() - started);
  let target: ReturnType<typeof endpoint>;
  try {
    target = endpoint(server, query.kind === 'instant' ? 'api/v1/query' : 'api/v1/query_range');
  } catch (error) {
    return {
      ok: false,
      reason: 'unreachable',
      message: `the Prometheus URL ${JSON.stringify(redactUrlText(server.url))} is not a valid http(s) URL: ${(error as Error).message}`,
      durationMs: took(),
    };
  }
  const { url, display, headers } = target;
  const evaluatedAt = query.kind === 'instant' ? (query.time ?? now() / 1000) : query.end;
  const form = new URLSearchParams({ query: query.promql, timeout: `${Math.max(1, options.timeoutMs)}ms` });
  if (query.kind === 'instant') {
    form.set('time', evaluatedAt.toFixed(3));
  } else {
    form.set('start', query.start.toFixed(3));
    form.set('end', query.end.toFixed(3));
    form.set('step', `${query.stepSeconds}`);
  }

  let status: number;
  let statusText: string;
  let body: string;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        ...headers,
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: form.toString(),
      redirect: 'follow',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    status = response.status;
    statusText = response.statusText;
    const read = await readCapped(response, options.maxBytes ?? defaultMaxBytes);
    if (read === undefined) {
      return {
        ok: false,
        reason: 'malformed',
        message: `Prometheus at ${display} answered more than ${options.maxBytes ?? defaultMaxBytes} bytes for one query; refusing it`,
        status,
        durationMs: took(),
      };
    }
    body = read;
  } catch (error) {
    return { ...describeFetchError(error, display, options.timeoutMs), durationMs: took() };
  }

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const parsed = json === undefined ? undefined : PrometheusResponseSchema.safeParse(json);

  if (status < 200 || status > 299) {
    const answer = parsed?.success && parsed.data.status === 'error' ? parsed.data : undefined;
    const detail = answer?.error ?? excerpt(body);
    const errorType = answer?.errorType;
    const base = { status, ...(errorType ? { errorType } : {}), durationMs: took() };
    if (answer && (status === 400 || status === 422)) {
      return {
        ok: false,
        reason: 'query_error',
        message: `Prometheus at ${display} answered ${status}${errorType ? ` (${errorType})` : ''}: ${detail}`,
        ...base,
      };
    }
    if (answer && errorType === 'timeout') {
      return {
        ok: false,
        reason: 'timeout',
        message: `Prometheus at ${display} gave up evaluating the query (${status} timeout): ${detail}`,
        ...base,
      };
    }
    return {
      ok: false,
      reason: 'http_error',
      message: `Prometheus at ${display} answered ${status}${statusText ? ` ${statusText}` : ''}${detail ? `: ${detail}` : ''}${hint(status)}`,
      ...base,
    };
  }

  if (json === undefined) {
    return {
      ok: false,
      reason: 'malformed',
      message: `Prometheus at ${display} answered ${status} but not with JSON${body.trim() ? `: ${excerpt(body)}` : ' (empty body)'}`,
      status,
      durationMs: took(),
    };
  }
  if (!parsed?.success) {
    const issue = parsed?.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return {
      ok: false,
      reason: 'malformed',
      message: `Prometheus at ${display} answered ${status} with an unexpected shape${where}: ${issue?.message ?? 'unreadable'}`,
      status,
      durationMs: took(),
    };
  }
  if (parsed.data.status === 'error') {
    const errorType = parsed.data.errorType;
    return {
      ok: false,
      reason: 'query_error',
      message: `Prometheus at ${display} refused the query${errorType ? ` (${errorType})` : ''}: ${parsed.data.error ?? 'no reason given'}`,
      status,
      ...(errorType ? { errorType } : {}),
      durationMs: took(),
    };
  }
  return {
    ok: true,
    result: parsed.data.data,
    warnings: parsed.data.warnings ?? [],
    evaluatedAt,
    durationMs: took(),
  };
}

/** The API URL, the server as shown in messages (no credentials, no query) and the auth header. */
function endpoint(
  server: PrometheusServer,
  path: string,
): { url: string; display: string; headers: Record<string, string> } {
  const base = new URL(server.url);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error(`the scheme is ${base.protocol.slice(0, -1)}`);
  }
  const headers: Record<string, string> = {};
  let basic = server.basicAuth;
  if (base.username || base.password) {
    basic ??= { username: decodeURIComponent(base.username), password: decodeURIComponent(base.password) };
    base.username = '';
    base.password = '';
  }
  if (server.bearerToken) headers.authorization = `Bearer ${server.bearerToken}`;
  else if (basic) {
    headers.authorization = `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}`;
  }
  base.search = '';
  base.hash = '';
  const display = `${base.origin}${base.pathname === '/' ? '' : base.pathname.replace(/\/+$/, '')}`;
  if (!base.pathname.endsWith('/')) base.pathname = `${base.pathname}/`;
  return { url: new URL(path, base).toString(), display, headers };
}

/** The body as text, or undefined when it is larger than maxBytes. */
async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    return undefined;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let received = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

type FetchFailure = { ok: false; reason: 'unreachable' | 'timeout'; message: string };

/** fetch's exceptions → what happened, in words. */
function describeFetchError(error: unknown, display: string, timeoutMs: number): FetchFailure {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return {
      ok: false,
      reason: 'timeout',
      message: `Prometheus at ${display} timed out after ${timeoutMs} ms`,
    };
  }
  const cause = (error as { cause?: unknown } | undefined)?.cause as
    | { code?: string; message?: string; errors?: { code?: string; message?: string }[]; name?: string }
    | undefined;
  if (cause?.name === 'TimeoutError' || cause?.name === 'AbortError') {
    return {
      ok: false,
      reason: 'timeout',
      message: `Prometheus at ${display} timed out after ${timeoutMs} ms`,
    };
  }
  const code = cause?.code ?? cause?.errors?.find((e) => e.code)?.code;
  const host = hostOf(display);
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: `host ${host} not found`,
    EAI_AGAIN: `host ${host} could not be resolved (DNS lookup failed)`,
    ECONNRESET: 'the connection was reset',
    EPIPE: 'the connection was closed while sending the query',
    UND_ERR_SOCKET: 'the connection closed before an answer',
    ETIMEDOUT: 'connecting timed out',
    UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
    EHOSTUNREACH: `host ${host} is unreachable`,
    ENETUNREACH: 'the network is unreachable',
  };
  const known = code ? words[code] : undefined;
  if (known) return { ok: false, reason: 'unreachable', message: `Prometheus at ${display}: ${known}` };
  const detail = cause?.message ?? (error as Error | undefined)?.message ?? String(error);
  const tls =
    code && /^(CERT_|ERR_TLS|ERR_SSL|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/.test(code)
      ? 'TLS: '
      : '';
  return {
    ok: false,
    reason: 'unreachable',
    message: `Prometheus at ${display}: ${tls}${detail}${code && !detail.includes(code) ? ` (${code})` : ''}`,
  };
}

function hostOf(display: string): string {
  try {
    return new URL(display).hostname;
  } catch {
    return display;
  }
}

function hint(status: number): string {
  if (status === 401 || status === 403) return ' (check the Prometheus credentials meshdoc is given)';
  if (status === 404) return ' (is that the base URL of Prometheus? its /api/v1 was not found there)';
  return '';
}

/** The start of a body for a message: one line, at most 200 characters. */
function excerpt(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** A URL as text with any user:password@ removed, for a message about an invalid URL. */
function redactUrlText(text: string): string {
  return text.replace(/\/\/[^/@\s]*@/, '//');
}
