import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SeenRequest = {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  form: URLSearchParams;
};

export type Handler = (req: SeenRequest, res: ServerResponse) => void | Promise<void>;

/** A local node:http server standing in for Prometheus's API, one handler per test. */
export class LocalPrometheus {
  readonly requests: SeenRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  #server: Server | undefined;
  #handler: Handler;

  constructor(handler: Handler) {
    this.#handler = handler;
  }

  async start(): Promise<string> {
    this.#server = createServer(async (req, res) => {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.once('close', () => this.inFlight--);
      const chunks: Buffer[] = [];
      for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
      const url = new URL(req.url ?? '/', 'http://local');
      const seen: SeenRequest = {
        method: req.method ?? '',
        path: url.pathname,
        headers: req.headers,
        form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
      };
      this.requests.push(seen);
      await this.#handler(seen, res);
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export const vector = (samples: { metric?: Record<string, string>; value: [number, string] }[]) => ({
  status: 'success',
  data: { resultType: 'vector', result: samples.map((s) => ({ metric: s.metric ?? {}, value: s.value })) },
});

/** A loopback port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
