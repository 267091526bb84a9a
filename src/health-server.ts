import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.ts';

export type HealthListen = { port: number; address: string };

export type HealthServer = {
  /** The port it listens on (the configured one, or the one picked for port 0). */
  port: number;
  close(): Promise<void>;
};

/**
 * /healthz (liveness and readiness) and Prometheus /metrics on a small HTTP server of their own,
 * never on Slack's request port (MESHDOC_HEALTH_ADDRESS, MESHDOC_HEALTH_PORT). Nothing else is
 * served: anything but GET or HEAD of those two paths is a 404.
 */
export function startHealthServer(
  listen: HealthListen,
  metrics: Metrics,
  ready: () => boolean,
): Promise<HealthServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const read = req.method === 'GET' || req.method === 'HEAD';
    if (read && path === '/healthz') {
      const ok = ready();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ok\n' : 'starting\n');
      return;
    }
    if (read && path === '/metrics') {
      writeMetrics(metrics, res);
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.address, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

function writeMetrics(metrics: Metrics, res: ServerResponse): void {
  metrics.registry
    .metrics()
    .then((body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body))
    .catch(() => res.writeHead(500).end());
}
