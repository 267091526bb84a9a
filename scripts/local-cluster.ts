// Brings a real local control plane up in the background (etcd, kube-apiserver,
// kube-controller-manager, istiod out of cluster) with Bookinfo and deliberately broken
// workloads, so meshdoc can be tried against a real API server and a real Istio injector.
//   npm run cluster:up     start it (builds the binaries first if needed), print the kubeconfig
//   npm run cluster:down   stop it
import { spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { applyBrokenScenario } from '../test/integration/harness/broken-scenario.ts';
import { startControlPlane } from '../test/integration/harness/control-plane.ts';

const stateDir = join(
  process.env.MESHDOC_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'meshdoc'),
  'local-cluster',
);
const stateFile = join(stateDir, 'state.json');
const logFile = join(stateDir, 'cluster.log');
type State = { pid: number; kubeconfig: string; dir: string };

async function readState(): Promise<State | undefined> {
  try {
    return JSON.parse(await readFile(stateFile, 'utf8')) as State;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function up(): Promise<void> {
  const existing = await readState();
  if (existing && alive(existing.pid)) {
    console.log(`The local cluster is already running.\nexport KUBECONFIG=${existing.kubeconfig}`);
    return;
  }
  await mkdir(stateDir, { recursive: true });
  await rm(stateFile, { force: true });
  const build = await execa(fileURLToPath(new URL('./build-cluster', import.meta.url)), [], {
    stderr: 'inherit',
    reject: false,
  });
  if (build.exitCode !== 0) throw new Error('scripts/build-cluster failed; see the messages above.');
  const out = openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), 'serve', String(build.stdout).trim()],
    { detached: true, stdio: ['ignore', out, out] },
  );
  child.unref();
  console.log(`Starting (log: ${logFile}) …`);
  for (let i = 0; i < 600; i++) {
    const state = await readState();
    if (state) {
      console.log(
        `Local cluster is up: Kubernetes + istiod, Bookinfo and broken workloads deployed.\n\nexport KUBECONFIG=${state.kubeconfig}\n`,
      );
      console.log(
        'Then try:\n  meshdoc why-not-injected deploy/reviews-v2 -n bookinfo\n  meshdoc why-not-injected deploy/checkout -n payments\n  meshdoc why-not-injected deploy/ledger -n legacy\n  npm start   (the console answers from this cluster)\n\nStop it with: npm run cluster:down',
      );
      return;
    }
    if (!alive(child.pid ?? 0)) throw new Error(`The cluster process exited during start-up; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The cluster did not come up within 5 minutes; see ${logFile}`);
}

async function serve(binDir: string): Promise<void> {
  const cp = await startControlPlane(binDir);
  const shutdown = async () => {
    await cp.stop();
    await rm(stateFile, { force: true });
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  await applyBrokenScenario(cp.admin, (s) => console.log(s));
  await writeFile(
    stateFile,
    JSON.stringify({ pid: process.pid, kubeconfig: cp.kubeconfigPath, dir: cp.dir } satisfies State),
  );
  console.log(`ready: ${cp.kubeconfigPath}`);
  setInterval(() => {}, 1 << 30);
}

async function down(): Promise<void> {
  const state = await readState();
  if (!state || !alive(state.pid)) {
    console.log('No local cluster is running.');
    await rm(stateFile, { force: true });
    return;
  }
  process.kill(state.pid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(state.pid); i++) await new Promise((r) => setTimeout(r, 200));
  if (alive(state.pid)) process.kill(state.pid, 'SIGKILL');
  await rm(stateFile, { force: true });
  console.log('Local cluster stopped.');
}

const [command, arg] = process.argv.slice(2);
try {
  if (command === 'up') await up();
  else if (command === 'down') await down();
  else if (command === 'serve' && arg && existsSync(arg)) await serve(arg);
  else {
    console.error('usage: local-cluster up | down');
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`local-cluster: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
