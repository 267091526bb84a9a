// The mesh-traffic stand-in: serves Istio's standard metrics for the scenarios it is given (see
// scenario.ts, server.ts), for a real Prometheus to scrape in the integration tests.
//
//   node tools/mesh-traffic/main.ts [--host 127.0.0.1] [--port 0]
//
// Prints "mesh-traffic listening on http://<host>:<port>" on stdout once it listens; stops on
// SIGTERM or SIGINT.
import { parseArgs } from 'node:util';
import { createMeshTrafficServer, listen } from './server.ts';

const { values } = parseArgs({
  options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '0' } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`mesh-traffic: --port must be 0..65535, got ${values.port}`);
  process.exit(2);
}
const { server } = createMeshTrafficServer();
const url = await listen(server, values.host ?? '127.0.0.1', port);
console.log(`mesh-traffic listening on ${url}`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
