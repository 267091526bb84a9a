import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import { ScenarioSchema } from './scenario.ts';
import { TrafficRegistry } from './traffic-registry.ts';

const idPattern = /^[A-Za-z0-9][-A-Za-z0-9_.]{0,127}$/;
const maxBody = 1024 * 1024;

/**
 * The stand-in's HTTP API:
 *   GET    /metrics          Istio's metrics for every scenario, as Prometheus scrapes them
 *   PUT    /scenarios/<id>   register or replace a scenario (JSON, ScenarioSchema); 409 if its
 *                            series collide with another scenario's
 *   DELETE /scenarios/<id>   remove it and its series
 *   GET    /scenarios        the ids; GET /scenarios/<id> one scenario as validated
 *   GET    /healthz          "ok"
 */
export function createMeshTrafficServer(options: { now?: () => number } = {}): {
  server: Server;
  registry: TrafficRegistry;
} {
  const now = options.now ?? Date.now;
  const registry = new TrafficRegistry();
  const server = createServer((req, res) => {
    handle(registry, now, req, res).catch((error: unknown) => {
      send(res, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });
  return { server, registry };
}

async function handle(
  registry: TrafficRegistry,
  now: () => number,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
  if (path === '/metrics' && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(registry.exposition(now()));
    return;
  }
  if (path === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok\n');
    return;
  }
  if (path === '/scenarios' && req.method === 'GET') {
    send(res, 200, { ids: registry.ids() });
    return;
  }
  const match = /^\/scenarios\/([^/]+)$/.exec(path);
  if (!match) {
    send(res, 404, { error: `no route for ${req.method} ${path}` });
    return;
  }
  const id = decodeURIComponent(match[1] ?? '');
  if (!idPattern.test(id)) {
    send(res, 400, { error: `scenario id ${JSON.stringify(id)} must match ${idPattern}` });
    return;
  }
  switch (req.method) {
    case 'GET': {
      const scenario = registry.get(id);
      if (scenario) send(res, 200, scenario);
      else send(res, 404, { error: `no scenario ${id}` });
      return;
    }
    case 'DELETE':
      if (registry.delete(id)) {
        res.writeHead(204);
        res.end();
      } else send(res, 404, { error: `no scenario ${id}` });
      return;
    case 'PUT': {
      const text = await readBody(req);
      if (text === undefined) {
        send(res, 413, { error: `body larger than ${maxBody} bytes` });
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        send(res, 400, { error: `body is not JSON: ${(error as Error).message}` });
        return;
      }
      const parsed = ScenarioSchema.safeParse(json);
      if (!parsed.success) {
        send(res, 400, { error: `invalid scenario:\n${z.prettifyError(parsed.error)}` });
        return;
      }
      const result = registry.put(id, parsed.data, now());
      if (!result.ok) {
        send(res, 409, { error: result.conflict });
        return;
      }
      send(res, result.replaced ? 200 : 201, { id, series: result.series });
      return;
    }
    default:
      send(res, 405, { error: `${req.method} not allowed on /scenarios/<id>` });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(`${JSON.stringify(body)}\n`);
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBody) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Listens on host:port (0: any free port) and resolves with the base URL. */
export async function listen(server: Server, host: string, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shown}:${address.port}`;
}
