import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioInput } from '../../../tools/mesh-traffic/scenario.ts';
import { type Child, startChild, stopChild, waitFor } from './child-processes.ts';
import { freePort } from './free-port.ts';

export type MeshTraffic = {
  /** http://127.0.0.1:<port> */
  url: string;
  /** 127.0.0.1:<port>, for a scrape target. */
  hostPort: string;
  child: Child;
  stop(): Promise<void>;
};

const main = fileURLToPath(new URL('../../../tools/mesh-traffic/main.ts', import.meta.url));

/**
 * Starts the mesh-traffic stand-in (tools/mesh-traffic) as its own process on a free loopback
 * port, with this Node (type stripping runs its TypeScript), and waits for /healthz.
 */
export async function startMeshTraffic(logDir: string): Promise<MeshTraffic> {
  const port = await freePort();
  const child = startChild(
    'mesh-traffic',
    process.execPath,
    [main, '--host', '127.0.0.1', '--port', String(port)],
    {
      logFile: join(logDir, 'mesh-traffic.log'),
    },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor('mesh-traffic /healthz', async () => (await fetch(`${url}/healthz`)).ok, child, 30_000);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { url, hostPort: `127.0.0.1:${port}`, child, stop: () => stopChild(child) };
}

/** Registers (or replaces) a scenario; fails with the stand-in's reason if it refuses it. */
export async function putScenario(
  meshTrafficUrl: string,
  id: string,
  scenario: ScenarioInput,
): Promise<void> {
  const res = await fetch(`${meshTrafficUrl}/scenarios/${encodeURIComponent(id)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(scenario),
  });
  if (!res.ok) throw new Error(`mesh-traffic refused scenario ${id} (${res.status}): ${await res.text()}`);
}

/** Removes a scenario and its series (a missing one is fine). */
export async function deleteScenario(meshTrafficUrl: string, id: string): Promise<void> {
  const res = await fetch(`${meshTrafficUrl}/scenarios/${encodeURIComponent(id)}`, { method: 'DELETE' });
  if (!res.ok && res.status !== 404) {
    throw new Error(`mesh-traffic could not delete scenario ${id} (${res.status}): ${await res.text()}`);
  }
}
