import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.ts';

export type HealthListen = { port: number; address: string };

export type HealthServer = {
  /** The port it listens on (the configured one, or the one picked for port 0). */
  port: number;
  close(): Promise<void>;
};

/** The default cluster as /healthz reports it (see ClusterState in default-source.ts). */
export type ClusterHealth = { context: string; state: string; reason?: string; checkedAt?: string };

/**
 * /healthz (liveness and readiness) and Prometheus /metrics on a small HTTP server of their own,
 * never on Slack's request port (MESHDOC_HEALTH_ADDRESS, MESHDOC_HEALTH_PORT). Nothing else is
 * served: anything but GET or HEAD of those two paths is a 404.
 *
 * /healthz answers JSON: `{"slack":"connected"|"connecting","cluster":{"state":"reachable"|…}}`.
 * Its status code follows Slack only (503 until connected): an unreachable cluster is reported
 * in the body with its reason, but is still 200. The probes act on the code, and neither helps:
 * a liveness failure restarts the pod, which fixes no RBAC binding, network policy or API server,
 * and a readiness failure takes nothing out of rotation (Slack reaches the bot over its own
 * socket), while a bot that stays up can still tell people in Slack why it cannot answer.
 */
export function startHealthServer(
  listen: HealthListen,
  metrics: Metrics,
  ready: () => boolean,
  cluster?: () => ClusterHealth,
): Promise<HealthServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const read = req.method === 'GET' || req.method === 'HEAD';
    if (read && path === '/healthz') {
      const ok = ready();
      const body = { slack: ok ? 'connected' : 'connecting', ...(cluster ? { cluster: cluster() } : {}) };
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
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
