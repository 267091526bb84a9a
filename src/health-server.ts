import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Metrics } from './metrics.ts';

/** /healthz (liveness and readiness) and Prometheus /metrics on one small HTTP server. */
export function startHealthServer(port: number, metrics: Metrics, ready: () => boolean): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      const ok = ready();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ok\n' : 'starting\n');
      return;
    }
    if (req.url === '/metrics') {
      writeMetrics(metrics, res);
      return;
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

/** Answers a Prometheus scrape; shared by this server and Bolt's HTTP receiver route. */
export function writeMetrics(metrics: Metrics, res: ServerResponse): void {
  metrics.registry
    .metrics()
    .then((body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body))
    .catch(() => res.writeHead(500).end());
}
