import type { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { MeshdocError } from '../../errors.ts';
import { apiServerUrl } from './api-server-url.ts';
import type { KubeConfig } from './kube-config.ts';
import { kubeConnection } from './kube-connection.ts';
import { type PodPort, PortForwardError } from './port-forward-error.ts';
import { statusMessage } from './status-message.ts';
import { translateApiError } from './translate-api-error.ts';

// The kubelet's WebSocket port-forward protocol (v4.channel.k8s.io): every message starts with a
// channel byte; per forwarded port there is a data channel (0) and an error channel (1), and the
// first two bytes on each are the port number (little endian). The client writes only on channel 0.
// WebSocket rather than SPDY because Node has no maintained SPDY client and the API server (and
// every kubelet since 1.x) accepts it.
const protocol = 'v4.channel.k8s.io';
const dataChannel = 0;
const errorChannel = 1;

/**
 * One TCP connection to a pod's port, tunnelled through the API server (`pods/portforward`), as a
 * Node stream: what `kubectl port-forward` does, without a local listening socket. Errors the
 * kubelet reports (nothing listens on the port, the pod's sandbox is gone) end the stream with a
 * PortForwardError carrying the kubelet's words.
 */
export class PodPortStream extends Duplex {
  readonly target: PodPort;
  private readonly ws: WebSocket;
  private readonly skip = [2, 2];
  private kubeletError = '';

  constructor(ws: WebSocket, target: PodPort) {
    super();
    this.ws = ws;
    this.target = target;
    // The kubelet's refusal can arrive before the caller has attached anything (it loads its HTTP
    // client after the tunnel opens): an 'error' event with no listener would end the process.
    // The error is kept in `errored` for the caller, which reads it (fetchEnvoyAdmin does).
    this.on('error', () => {});
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary || data.length === 0) return;
      const channel = data[0];
      let payload = data.subarray(1);
      if (channel !== dataChannel && channel !== errorChannel) return;
      const skip = this.skip[channel] ?? 0;
      if (skip > 0) {
        // The port-number prefix, possibly split across messages.
        this.skip[channel] = Math.max(0, skip - payload.length);
        payload = payload.subarray(skip);
      }
      if (payload.length === 0) return;
      if (channel === dataChannel) this.push(payload);
      else this.kubeletError += payload.toString('utf8');
    });
    ws.on('close', () => {
      if (this.kubeletError) this.destroy(new PortForwardError(target, this.kubeletError.trim()));
      else this.push(null);
    });
    ws.on('error', (error) => this.destroy(error));
  }

  override _read(): void {
    // Data is pushed as messages arrive; the dumps read this way are bounded by the caller.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.ws.readyState !== WebSocket.OPEN) {
      // The far end already closed; why it did (the kubelet's error) arrives with the close.
      callback();
      return;
    }
    const frame = Buffer.allocUnsafe(chunk.length + 1);
    frame[0] = dataChannel;
    chunk.copy(frame, 1);
    this.ws.send(frame, callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)
      this.ws.terminate();
    callback(error);
  }

  // node:http calls these on its sockets; a tunnel has nothing to tune.
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
}

/**
 * Opens the tunnel. The handshake is bounded by `timeoutMs`; a refusal by the API server becomes a
 * MeshdocError that says why (RBAC verb and resource, pod gone, kubelet unreachable).
 */
export async function openPodPortStream(
  kubeConfig: KubeConfig,
  target: PodPort,
  timeoutMs: number,
  cluster: string,
): Promise<PodPortStream> {
  const url = apiServerUrl(
    kubeConfig,
    `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/portforward`,
  );
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('ports', String(target.port));
  const { agent, headers } = await kubeConnection(kubeConfig, timeoutMs);
  const options: WebSocket.ClientOptions = {
    handshakeTimeout: timeoutMs,
    perMessageDeflate: false,
    agent: agent(),
    headers: Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]),
    ),
  };

  return await new Promise<PodPortStream>((resolve, reject) => {
    const ws = new WebSocket(url, [protocol], options);
    ws.once('open', () => {
      ws.removeAllListeners('error');
      resolve(new PodPortStream(ws, target));
    });
    ws.once('unexpected-response', (_req, res) => {
      readBody(res).then((body) => {
        reject(refused(res.statusCode ?? 0, body, target, cluster));
        ws.terminate();
      }, reject);
    });
    ws.on('error', (error) => reject(handshakeFailed(error, target, cluster, timeoutMs)));
  });
}

/**
 * The API server's refusal, in the user's terms. 400 and 5xx carry the reason only in the Status
 * message (kubelet unreachable, pod not running), so it is kept; the rest is what every API call
 * gets from translateApiError.
 */
function refused(status: number, body: string, target: PodPort, cluster: string): MeshdocError {
  const message = statusMessage(body);
  const detail = message ? `: ${message}` : '';
  const where = `pod "${target.pod}" in namespace "${target.namespace}"`;
  if (status === 400) {
    return new MeshdocError(
      'upstream_failed',
      `The API server refused to port-forward to ${where}${detail}.`,
    );
  }
  if (status >= 500) {
    return new MeshdocError(
      'upstream_failed',
      `The API server of cluster ${cluster} could not open a port-forward to ${where} (HTTP ${status})${detail}.`,
      {
        hint: 'The API server reaches pods through the node\'s kubelet (port 10250); "error dialing backend" means that path is blocked (firewall, konnectivity agent down).',
      },
    );
  }
  // Before Kubernetes 1.35 a WebSocket upgrade (an HTTP GET) is authorised as "get"; SPDY and
  // 1.35+ ask for "create". Name the verb the API server asked for.
  const verb = /cannot (\w+) resource/.exec(message)?.[1] ?? 'create';
  return translateApiError(
    Object.assign(new Error(message), { code: status }),
    { verb, resource: 'pods/portforward', namespace: target.namespace, name: target.pod },
    cluster,
  );
}

function handshakeFailed(error: Error, target: PodPort, cluster: string, timeoutMs: number): MeshdocError {
  if (/timed out/i.test(error.message)) {
    return new MeshdocError(
      'timeout',
      `The API server of cluster ${cluster} did not open a port-forward to pod "${target.pod}" within ${timeoutMs} ms.`,
      { cause: error },
    );
  }
  return translateApiError(
    error,
    { verb: 'get', resource: 'pods/portforward', namespace: target.namespace, name: target.pod },
    cluster,
  );
}

async function readBody(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
