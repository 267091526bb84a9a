import type { IncomingMessage, RequestOptions } from 'node:http';
import { MeshdocError } from '../../errors.ts';
import { apiServerUrl } from './api-server-url.ts';
import { http2Get } from './http2-get.ts';
import type { KubeConfig } from './kube-config.ts';
import { kubeConnection } from './kube-connection.ts';
import { http, https } from './node-http.ts';
import { statusMessage } from './status-message.ts';

/**
 * GET one API path with the kubeconfig's credentials (token, client certificate, exec plugin,
 * CA) and parse the JSON answer. A non-2xx answer throws an error whose numeric `code` is the
 * HTTP status and whose message is the Status message, as translateApiError expects; network
 * errors pass through with their socket `code`.
 */
export async function requestKubeJson(
  kubeConfig: KubeConfig,
  path: string,
  query: URLSearchParams,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<unknown> {
  const url = apiServerUrl(kubeConfig, path);
  for (const [k, v] of query) url.searchParams.set(k, v);
  const { agent, headers, h2 } = await kubeConnection(kubeConfig, timeoutMs);
  const { status, body } = h2
    ? await http2Get(h2, `${url.pathname}${url.search}`, { ...headers, accept: 'application/json' }, signal)
    : await http1Get(url, {
        method: 'GET',
        headers: { ...headers, accept: 'application/json' },
        signal,
        agent: agent(),
      });
  if (status < 200 || status >= 300) {
    throw Object.assign(new Error(statusMessage(body) || `HTTP ${status}`), { code: status });
  }
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    // A 200 that is not JSON comes from something in front of the API server (a proxy's page).
    throw new MeshdocError(
      'unexpected_output',
      `The API server at ${url.host} answered GET ${url.pathname} with something that is not JSON.`,
      { hint: 'Check the kubeconfig server URL and any proxy in between.', cause: error },
    );
  }
}

/** The same GET over HTTP/1.1 (an http:// server, or one behind a proxy). */
async function http1Get(url: URL, options: RequestOptions): Promise<{ status: number; body: string }> {
  const send = url.protocol === 'https:' ? https().request : http().request;
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = send(url, options, resolve);
    req.on('error', reject);
    req.end();
  });
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') };
}
