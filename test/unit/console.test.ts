import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEnvoyAdmin } from '../helpers/fake-envoy-admin.ts';
import { FakeKubeApi } from '../helpers/fake-kube-api.ts';
import { proxyPod } from '../helpers/proxy-pods.ts';

// `npm start` without Slack credentials: the real entry point (src/main.ts) as a child process,
// typing lines into its console the way a person would.

const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const dumpFile = fileURLToPath(new URL('../fixtures/envoy/sidecar-small.json', import.meta.url));

async function consoleSession(env: NodeJS.ProcessEnv, lines: string[]): Promise<string> {
  const result = await execa(process.execPath, [main], {
    env: { PATH: process.env.PATH, NO_COLOR: '1', MESHDOC_LOG_LEVEL: 'silent', ...env },
    extendEnv: false,
    input: `${[...lines, 'exit'].join('\n')}\n`,
    timeout: 30_000,
    reject: false,
  });
  expect(result.exitCode, result.stderr).toBe(0);
  return result.stdout;
}

describe('the local console with no cluster: the demo', () => {
  it('says it answers from the demo, and answers', async () => {
    const home = await mkdtemp(join(tmpdir(), 'meshdoc-home-'));
    const out = await consoleSession({ HOME: home }, [
      '/mesh why-not-injected reviews-v2-5b7d9c8f4-xk2lp -n bookinfo',
      `/mesh listeners --file ${dumpFile} --port 15006`,
      '/mesh listeners productpage-v1-6b746f74dc-9stvf -n bookinfo',
    ]);
    expect(out).toContain('meshdoc console — no Slack credentials set');
    expect(out).toContain('Answering from the bundled DEMO scenario');
    expect(out).toContain('Not injected: Pod reviews-v2-5b7d9c8f4-xk2lp was created at');
    expect(out).toMatch(/ADDRESSES\s+PORT\s+MATCH\s+DESTINATION/);
    expect(out).toContain('The demo scenario has no running Envoy to ask');
  });
});

describe('the local console on a live cluster', () => {
  const envoy = new FakeEnvoyAdmin({ dump: readFileSync(dumpFile) });
  let api: FakeKubeApi;
  let kubeconfig: string;
  beforeAll(async () => {
    const port = await envoy.start();
    api = new FakeKubeApi({
      objects: [{ kind: 'Namespace', metadata: { name: 'shop' } }, proxyPod('web-1')],
      portForwards: { 'shop/web-1:15000': { port } },
    });
    const url = await api.start();
    const dir = await mkdtemp(join(tmpdir(), 'meshdoc-console-'));
    kubeconfig = join(dir, 'config');
    writeFileSync(kubeconfig, api.kubeconfigText(url));
  });
  afterAll(async () => {
    await api.stop();
    await envoy.stop();
  });

  it("reads a pod's Envoy through the port-forward, in text and JSON", async () => {
    const out = await consoleSession({ HOME: tmpdir(), KUBECONFIG: kubeconfig }, [
      '/mesh clusters web-1 -n shop --fqdn details.default.svc.cluster.local',
      'config-dump shop/web-1 -o json',
      'secrets shop/web-2',
    ]);
    expect(out).toContain('Answering from cluster context fake-cluster (Kubernetes v1.34.10-fake)');
    expect(out).toMatch(/SERVICE FQDN\s+PORT\s+SUBSET\s+DIRECTION\s+TYPE\s+DESTINATION RULE/);
    expect(out).toContain('details.default.svc.cluster.local');
    expect(out).toContain('"command": "config-dump"');
    expect(out).toContain('error: Pod "web-2" was not found in namespace "shop" (cluster fake-cluster).');
    expect(envoy.requests).toEqual(['/config_dump', '/config_dump?include_eds']);
  });
});
