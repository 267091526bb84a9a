import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeEnvoyAdminOptions = {
  /** The dump served; without `include_eds` its EndpointsConfigDump is left out, as Envoy does. */
  dump: Buffer;
  /** Answer with this status instead (e.g. 503 while the proxy shuts down). */
  status?: number;
  /** Accept the request and never answer (a hung proxy). */
  hang?: boolean;
  /** Send the body in pieces of this size with chunked encoding, as Envoy streams big dumps. */
  chunkBytes?: number;
};

/**
 * Stands in for Envoy's admin listener (127.0.0.1:15000 in a pod): GET /config_dump[?include_eds].
 * The port-forward tests tunnel to it through the API server.
 */
export class FakeEnvoyAdmin {
  readonly requests: string[] = [];
  /** Body bytes of each 200 answer, in order. */
  readonly servedBytes: number[] = [];
  private server: Server | undefined;
  private readonly options: FakeEnvoyAdminOptions;

  constructor(options: FakeEnvoyAdminOptions) {
    this.options = options;
  }

  async start(): Promise<number> {
    const withoutEds = Buffer.from(JSON.stringify(dropEds(JSON.parse(this.options.dump.toString('utf8')))));
    const server = createServer((req, res) => {
      this.requests.push(req.url ?? '');
      if (this.options.hang) return;
      const url = new URL(req.url ?? '/', 'http://127.0.0.1:15000');
      if (url.pathname !== '/config_dump') {
        res.writeHead(404).end('invalid path\n');
        return;
      }
      if (this.options.status && this.options.status !== 200) {
        res.writeHead(this.options.status, { 'content-type': 'text/plain' }).end('envoy is shutting down\n');
        return;
      }
      const body = url.searchParams.has('include_eds') ? this.options.dump : withoutEds;
      this.servedBytes.push(body.length);
      res.writeHead(200, { 'content-type': 'application/json' });
      const size = this.options.chunkBytes ?? body.length;
      for (let i = 0; i < body.length; i += size) res.write(body.subarray(i, i + size));
      res.end();
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function dropEds(dump: { configs?: { '@type'?: string }[] }): unknown {
  return {
    ...dump,
    configs: (dump.configs ?? []).filter((c) => !c['@type']?.endsWith('.EndpointsConfigDump')),
  };
}
