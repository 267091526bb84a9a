import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeEnvoyAdminOptions = {
  /**
   * The dump served; without `include_eds` its EndpointsConfigDump is left out, as Envoy does. A
   * function is asked at every request (e.g. istiod's current config for the pod, through xdsdump).
   */
  dump: Buffer | (() => Promise<Buffer>);
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
    const fixed = typeof this.options.dump === 'function' ? undefined : this.options.dump;
    const fixedWithoutEds = fixed && withoutEds(fixed);
    const server = createServer(async (req, res) => {
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
      let dump = fixed;
      try {
        dump ??= await (this.options.dump as () => Promise<Buffer>)();
      } catch (error) {
        res
          .writeHead(503, { 'content-type': 'text/plain' })
          .end(`no config for this proxy: ${String(error)}\n`);
        return;
      }
      const body = url.searchParams.has('include_eds') ? dump : (fixedWithoutEds ?? withoutEds(dump));
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

function withoutEds(dump: Buffer): Buffer {
  return Buffer.from(JSON.stringify(dropEds(JSON.parse(dump.toString('utf8')))));
}

function dropEds(dump: { configs?: { '@type'?: string }[] }): unknown {
  return {
    ...dump,
    configs: (dump.configs ?? []).filter((c) => !c['@type']?.endsWith('.EndpointsConfigDump')),
  };
}
