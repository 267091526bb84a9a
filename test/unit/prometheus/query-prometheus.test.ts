import { afterEach, describe, expect, it } from 'vitest';
import { queryPrometheus } from '../../../src/gatherers/prometheus/query-prometheus.ts';
import { parseSampleValue } from '../../../src/schemas/prometheus.ts';
import { closedPort, type Handler, json, LocalPrometheus, vector } from './local-prometheus.ts';

let local: LocalPrometheus | undefined;
afterEach(async () => {
  await local?.stop();
  local = undefined;
});

async function serve(handler: Handler): Promise<string> {
  local = new LocalPrometheus(handler);
  return local.start();
}

const instant = (promql = 'up') => ({ kind: 'instant' as const, promql, time: 1700000000 });

describe('queryPrometheus', () => {
  it('POSTs the query form to <base>/api/v1/query (a path prefix kept) and parses a vector', async () => {
    const url = await serve((_req, res) =>
      json(res, 200, vector([{ metric: { destination_version: 'v2' }, value: [1700000000, '0.05'] }])),
    );
    const outcome = await queryPrometheus({ url: `${url}/prometheus/` }, instant('sum(rate(x[5m]))'), {
      timeoutMs: 2000,
    });
    expect(outcome).toMatchObject({
      ok: true,
      evaluatedAt: 1700000000,
      warnings: [],
      result: {
        resultType: 'vector',
        result: [{ metric: { destination_version: 'v2' }, value: { timestamp: 1700000000, value: 0.05 } }],
      },
    });
    const seen = local?.requests[0];
    expect(seen?.method).toBe('POST');
    expect(seen?.path).toBe('/prometheus/api/v1/query');
    expect(seen?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(seen?.form ?? [])).toEqual({
      query: 'sum(rate(x[5m]))',
      time: '1700000000.000',
      timeout: '2000ms',
    });
  });

  it('a range query goes to /api/v1/query_range with start, end and step, and parses a matrix', async () => {
    const url = await serve((_req, res) =>
      json(res, 200, {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [
            {
              metric: { v: 'v1' },
              values: [
                [100, '1'],
                [130, 'NaN'],
                [160, '+Inf'],
              ],
            },
          ],
        },
      }),
    );
    const outcome = await queryPrometheus(
      { url },
      { kind: 'range', promql: 'x', start: 100, end: 160, stepSeconds: 30 },
      { timeoutMs: 2000 },
    );
    expect(local?.requests[0]?.path).toBe('/api/v1/query_range');
    expect(Object.fromEntries(local?.requests[0]?.form ?? [])).toMatchObject({
      start: '100.000',
      end: '160.000',
      step: '30',
    });
    if (!outcome.ok || outcome.result.resultType !== 'matrix') throw new Error(JSON.stringify(outcome));
    expect(outcome.evaluatedAt).toBe(160);
    const values = outcome.result.result[0]?.values ?? [];
    expect(values.map((v) => v.timestamp)).toEqual([100, 130, 160]);
    expect(values[0]?.value).toBe(1);
    expect(values[1]?.value).toBeNaN();
    expect(values[2]?.value).toBe(Number.POSITIVE_INFINITY);
  });

  it('keeps NaN, ±Inf and exponents as numbers; an empty result is an empty vector, not a failure', async () => {
    const url = await serve((req, res) =>
      req.form.get('query') === 'empty'
        ? json(res, 200, vector([]))
        : json(
            res,
            200,
            vector([
              { metric: { v: 'a' }, value: [1, 'NaN'] },
              { metric: { v: 'b' }, value: [1, '-Inf'] },
              { metric: { v: 'c' }, value: [1, '1e-05'] },
            ]),
          ),
    );
    const values = await queryPrometheus({ url }, instant('values'), { timeoutMs: 2000 });
    if (!values.ok || values.result.resultType !== 'vector') throw new Error(JSON.stringify(values));
    const [a, b, c] = values.result.result.map((s) => s.value.value);
    expect(a).toBeNaN();
    expect(b).toBe(Number.NEGATIVE_INFINITY);
    expect(c).toBe(0.00001);
    const empty = await queryPrometheus({ url }, instant('empty'), { timeoutMs: 2000 });
    expect(empty).toMatchObject({ ok: true, result: { resultType: 'vector', result: [] } });
  });

  it('connection refused: unreachable, naming the server', async () => {
    const port = await closedPort();
    const outcome = await queryPrometheus({ url: `http://127.0.0.1:${port}` }, instant(), {
      timeoutMs: 2000,
    });
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'unreachable',
      message: `Prometheus at http://127.0.0.1:${port}: connection refused`,
    });
  });

  it('an unknown host: unreachable, "host … not found"', async () => {
    const outcome = await queryPrometheus({ url: 'http://no-such-host.invalid:9090' }, instant(), {
      timeoutMs: 5000,
    });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.reason).toBe('unreachable');
    expect(!outcome.ok && outcome.message).toMatch(
      /^Prometheus at http:\/\/no-such-host\.invalid:9090: host no-such-host\.invalid (not found|could not be resolved)/,
    );
  });

  it('no answer in time: timeout, "timed out after N ms" (before the headers and during the body)', async () => {
    const url = await serve(async (req, res) => {
      if (req.form.get('query') === 'slow-body') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"status":"success",');
      }
      await new Promise((r) => setTimeout(r, 1000));
      if (!res.writableEnded && !res.destroyed) json(res, 200, vector([]));
    });
    const started = Date.now();
    const slow = await queryPrometheus({ url }, instant('slow'), { timeoutMs: 150 });
    expect(slow).toMatchObject({
      ok: false,
      reason: 'timeout',
      message: `Prometheus at ${url} timed out after 150 ms`,
    });
    expect(Date.now() - started).toBeLessThan(900);
    const body = await queryPrometheus({ url }, instant('slow-body'), { timeoutMs: 150 });
    expect(body).toMatchObject({
      ok: false,
      reason: 'timeout',
      message: `Prometheus at ${url} timed out after 150 ms`,
    });
  });

  it("400 with Prometheus's error JSON: query_error with its type and text", async () => {
    const url = await serve((_req, res) =>
      json(res, 400, {
        status: 'error',
        errorType: 'bad_data',
        error: '1:12: parse error: unclosed left parenthesis',
      }),
    );
    const outcome = await queryPrometheus({ url }, instant('sum(rate(x'), { timeoutMs: 2000 });
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'query_error',
      status: 400,
      errorType: 'bad_data',
      message: `Prometheus at ${url} answered 400 (bad_data): 1:12: parse error: unclosed left parenthesis`,
    });
  });

  it('422 (execution error) is a query_error too; 503 "timeout" is a timeout on the server side', async () => {
    const url = await serve((req, res) =>
      req.form.get('query') === 'exec'
        ? json(res, 422, {
            status: 'error',
            errorType: 'execution',
            error: 'found duplicate series for the match group',
          })
        : json(res, 503, {
            status: 'error',
            errorType: 'timeout',
            error: 'query timed out in expression evaluation',
          }),
    );
    expect(await queryPrometheus({ url }, instant('exec'), { timeoutMs: 2000 })).toMatchObject({
      ok: false,
      reason: 'query_error',
      status: 422,
      message: `Prometheus at ${url} answered 422 (execution): found duplicate series for the match group`,
    });
    expect(await queryPrometheus({ url }, instant('long'), { timeoutMs: 2000 })).toMatchObject({
      ok: false,
      reason: 'timeout',
      status: 503,
      errorType: 'timeout',
      message: `Prometheus at ${url} gave up evaluating the query (503 timeout): query timed out in expression evaluation`,
    });
  });

  it('503 from a proxy in front (not JSON): http_error with the status and the start of the body', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end(
        'upstream connect error or disconnect/reset before headers.\n reset reason: connection failure',
      );
    });
    expect(await queryPrometheus({ url }, instant(), { timeoutMs: 2000 })).toMatchObject({
      ok: false,
      reason: 'http_error',
      status: 503,
      message: `Prometheus at ${url} answered 503 Service Unavailable: upstream connect error or disconnect/reset before headers. reset reason: connection failure`,
    });
  });

  it('401 and 404 say what to check', async () => {
    const url = await serve((req, res) => {
      res.writeHead(req.path.startsWith('/wrong/') ? 404 : 401);
      res.end();
    });
    const denied = await queryPrometheus({ url, bearerToken: 'sekret' }, instant(), { timeoutMs: 2000 });
    expect(denied).toMatchObject({ ok: false, reason: 'http_error', status: 401 });
    expect(!denied.ok && denied.message).toBe(
      `Prometheus at ${url} answered 401 Unauthorized (check the Prometheus credentials meshdoc is given)`,
    );
    const missing = await queryPrometheus({ url: `${url}/wrong` }, instant(), { timeoutMs: 2000 });
    expect(!missing.ok && missing.message).toMatch(
      /answered 404 Not Found \(is that the base URL of Prometheus\?/,
    );
  });

  it('a 200 that is not JSON, or JSON of another shape, or a bad sample value: malformed', async () => {
    const url = await serve((req, res) => {
      const q = req.form.get('query');
      if (q === 'html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Grafana login</body></html>');
      } else if (q === 'shape')
        json(res, 200, { status: 'success', data: { resultType: 'vector', result: {} } });
      else json(res, 200, vector([{ value: [1, 'fast'] }]));
    });
    expect(await queryPrometheus({ url }, instant('html'), { timeoutMs: 2000 })).toMatchObject({
      ok: false,
      reason: 'malformed',
      message: `Prometheus at ${url} answered 200 but not with JSON: <html><body>Grafana login</body></html>`,
    });
    const shape = await queryPrometheus({ url }, instant('shape'), { timeoutMs: 2000 });
    expect(shape).toMatchObject({ ok: false, reason: 'malformed' });
    expect(!shape.ok && shape.message).toMatch(/answered 200 with an unexpected shape at data\.result: /);
    const value = await queryPrometheus({ url }, instant('value'), { timeoutMs: 2000 });
    expect(!value.ok && value.message).toMatch(
      /unexpected shape at data\.result\.0\.value\.1: not a sample value: "fast"/,
    );
  });

  it('an answer larger than the cap is refused as malformed', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(vector([{ metric: { pad: 'x'.repeat(5000) }, value: [1, '1'] }])));
    });
    expect(await queryPrometheus({ url }, instant(), { timeoutMs: 2000, maxBytes: 1000 })).toMatchObject({
      ok: false,
      reason: 'malformed',
      message: `Prometheus at ${url} answered more than 1000 bytes for one query; refusing it`,
    });
  });

  it('a 200 with status "error" is a query_error', async () => {
    const url = await serve((_req, res) =>
      json(res, 200, { status: 'error', errorType: 'bad_data', error: 'nope' }),
    );
    expect(await queryPrometheus({ url }, instant(), { timeoutMs: 2000 })).toMatchObject({
      ok: false,
      reason: 'query_error',
      message: `Prometheus at ${url} refused the query (bad_data): nope`,
    });
  });

  it('sends a bearer token, or basic auth from the URL, and never shows credentials in a message', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(500);
      res.end('boom');
    });
    await queryPrometheus({ url, bearerToken: 't0ken' }, instant(), { timeoutMs: 2000 });
    expect(local?.requests[0]?.headers.authorization).toBe('Bearer t0ken');
    const withUser = url.replace('http://', 'http://me:p%40ss@');
    const outcome = await queryPrometheus({ url: withUser }, instant(), { timeoutMs: 2000 });
    expect(local?.requests[1]?.headers.authorization).toBe(
      `Basic ${Buffer.from('me:p@ss').toString('base64')}`,
    );
    expect(!outcome.ok && outcome.message).toBe(
      `Prometheus at ${url} answered 500 Internal Server Error: boom`,
    );
    const bad = await queryPrometheus({ url: 'ftp://me:secret@host/' }, instant(), { timeoutMs: 2000 });
    expect(bad).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(!bad.ok && bad.message).not.toContain('secret');
  });

  it('the connection closing before an answer is unreachable, not a throw', async () => {
    const url = await serve((_req, res) => {
      res.socket?.destroy();
    });
    const outcome = await queryPrometheus({ url }, instant(), { timeoutMs: 2000 });
    expect(outcome).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(!outcome.ok && outcome.message).toMatch(new RegExp(`^Prometheus at ${url}: `));
  });
});

describe('parseSampleValue', () => {
  it('reads what Prometheus writes, and nothing else', () => {
    expect(parseSampleValue('0.05')).toBe(0.05);
    expect(parseSampleValue('NaN')).toBeNaN();
    expect(parseSampleValue('+Inf')).toBe(Number.POSITIVE_INFINITY);
    expect(parseSampleValue('-Inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(parseSampleValue('1.5e+06')).toBe(1_500_000);
    expect(parseSampleValue('')).toBeUndefined();
    expect(parseSampleValue(' 1')).toBeUndefined();
    expect(parseSampleValue('fast')).toBeUndefined();
  });
});
