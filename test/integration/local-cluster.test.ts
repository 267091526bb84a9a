import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

// `npm run cluster:up` then `npm run cluster:down`, as a user runs them (issue 9): up brings a kwok
// node that runs pods, including one created by hand with no node, and forwards its Envoy admin
// port to the stand-in; down leaves no process and no data directory behind (etcd's data in
// /dev/shm used to stay, 125 MB of memory each time).

const script = fileURLToPath(new URL('../../scripts/local-cluster.ts', import.meta.url));
const meshdoc = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
type State = { pid: number; kubeconfig: string; dir: string; etcdDir: string; kwokDir: string; node: string };

let stateDir: string | undefined;
afterAll(async () => {
  // A failed test must not leave a cluster running either.
  if (stateDir) await execa(process.execPath, [script, 'down'], { env: env(stateDir), reject: false });
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

function env(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, MESHDOC_LOCAL_CLUSTER_DIR: dir };
}

/** Processes whose command line names one of these paths (etcd's data dir, the cluster's files). */
function processesUsing(paths: readonly string[]): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue; // exited meanwhile
    }
    if (paths.some((p) => cmdline.includes(p))) found.push(`${pid}: ${cmdline.slice(0, 120)}`);
  }
  return found;
}

describe('npm run cluster:up / cluster:down', () => {
  it('runs pods on a kwok node, and down leaves no process and no data directory behind', async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'meshdoc-local-cluster-'));
    const up = await execa(process.execPath, [script, 'up'], { env: env(stateDir), reject: false });
    const log = () => readFileSync(join(stateDir ?? '', 'cluster.log'), 'utf8').slice(-3000);
    expect(up.exitCode, `${up.stderr}\n${log()}`).toBe(0);
    expect(up.stdout).toContain('export KUBECONFIG=');
    const state = JSON.parse(readFileSync(join(stateDir, 'state.json'), 'utf8')) as State;
    const paths = [state.dir, state.etcdDir, state.kwokDir];
    for (const path of paths) expect(existsSync(path), path).toBe(true);
    expect(processesUsing(paths).length).toBeGreaterThanOrEqual(5); // etcd, apiserver, kcm, istiod, kwok

    // A pod created by hand, with no node: bound to the kwok node and Running.
    const admin = new KubeConfig();
    admin.loadFromFile(state.kubeconfig);
    const core = admin.makeApiClient(CoreV1Api);
    await core.createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'by-hand' },
        spec: { containers: [{ name: 'app', image: 'registry.example/app:1' }] },
      },
    });
    let phase: string | undefined;
    for (let i = 0; i < 60 && phase !== 'Running'; i++) {
      await new Promise((r) => setTimeout(r, 500));
      phase = (await core.readNamespacedPod({ name: 'by-hand', namespace: 'default' })).status?.phase;
    }
    expect(phase).toBe('Running');

    // Bookinfo's productpage: injected, Running on the node, its Envoy admin port forwarded to the stand-in.
    const productpage = (
      await core.listNamespacedPod({ namespace: 'bookinfo', labelSelector: 'app=productpage' })
    ).items.find((p) => p.status?.phase === 'Running' || p.spec?.nodeName === state.node);
    const pod = productpage?.metadata?.name ?? 'no productpage pod';
    for (let i = 0; i < 60; i++) {
      const phase = (await core.readNamespacedPod({ name: pod, namespace: 'bookinfo' })).status?.phase;
      if (phase === 'Running') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const listeners = await execa(
      process.execPath,
      [meshdoc, 'listeners', pod, '-n', 'bookinfo', '--port', '15006'],
      { env: { ...process.env, KUBECONFIG: state.kubeconfig }, reject: false },
    );
    expect(listeners.exitCode, listeners.stderr).toBe(0);
    expect(listeners.stdout).toMatch(/ADDRESSES\s+PORT\s+MATCH\s+DESTINATION/);

    const down = await execa(process.execPath, [script, 'down'], { env: env(stateDir), reject: false });
    expect(down.exitCode, down.stderr).toBe(0);
    expect(down.stdout).toContain('Local cluster stopped.');
    expect(down.stderr).toBe('');
    expect(processesUsing(paths)).toEqual([]);
    expect(existsSync(`/proc/${state.pid}`)).toBe(false);
    for (const path of paths) expect(existsSync(path), path).toBe(false);
    expect(existsSync(join(stateDir, 'state.json'))).toBe(false);
  }, 600_000);
});
