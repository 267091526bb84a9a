// Brings a real local control plane up in the background (etcd, kube-apiserver,
// kube-controller-manager, istiod out of cluster) with Bookinfo and deliberately broken
// workloads, plus one kwok node that runs every pod (a small binder here places unscheduled pods
// on it: there is no kube-scheduler) and forwards each pod's port 15000 to an Envoy admin
// stand-in (for the scenario's injected pods, one that serves istiod's generated config for that
// pod), so meshdoc can be tried against a real API server, a real Istio injector and the
// port-forward path of the proxy commands.
//   npm run cluster:up     start it (builds the binaries first if needed), print the kubeconfig
//   npm run cluster:down   stop it, and wait until every process and data directory is gone
// MESHDOC_LOCAL_CLUSTER_DIR moves its state and log (tests).
import { spawn } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { execa } from 'execa';
import { FakeEnvoyAdmin } from '../test/helpers/fake-envoy-admin.ts';
import { applyBrokenScenario } from '../test/integration/harness/broken-scenario.ts';
import { leaveSignalsToCaller } from '../test/integration/harness/child-processes.ts';
import { startControlPlane } from '../test/integration/harness/control-plane.ts';
import { istiodDump, proxyIdentity } from '../test/integration/harness/istiod-dump.ts';
import { type KwokNode, type PortForwardRule, startKwokNode } from '../test/integration/harness/kwok-node.ts';

const stateDir =
  process.env.MESHDOC_LOCAL_CLUSTER_DIR ??
  join(
    process.env.MESHDOC_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'meshdoc'),
    'local-cluster',
  );
const stateFile = join(stateDir, 'state.json');
const logFile = join(stateDir, 'cluster.log');
const nodeName = 'kwok-node';
const envoyDump = fileURLToPath(new URL('../test/fixtures/envoy/sidecar-small.json', import.meta.url));
/** What `down` (and the test) need to know: the serving process and every directory it made. */
type State = { pid: number; kubeconfig: string; dir: string; etcdDir: string; kwokDir: string; node: string };

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
        `Then try:\n  meshdoc why-not-injected deploy/reviews-v2 -n bookinfo\n  meshdoc why-not-injected deploy/checkout -n payments\n  meshdoc why-not-injected deploy/ledger -n legacy\n  meshdoc listeners <a productpage pod from kubectl get pods -n bookinfo> -n bookinfo   (the scenario's injected pods answer with the config istiod generates for them; pods created later with a fixed sample dump)\n  npm start   (the console answers from this cluster)\n\nPods run on node ${state.node} (kwok). Stop it with: npm run cluster:down`,
      );
      return;
    }
    if (!alive(child.pid ?? 0)) throw new Error(`The cluster process exited during start-up; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The cluster did not come up within 5 minutes; see ${logFile}`);
}

async function serve(binDir: string): Promise<void> {
  // Stopping is ours: etcd's data lives in /dev/shm (memory) and must be removed after etcd stops,
  // before this process exits. A signal during start-up exits at once; child-processes' exit hook
  // then kills the children and control-plane's removes etcd's data.
  let cleanup: (() => Promise<void>) | undefined;
  const shutdown = async () => {
    const clean = cleanup;
    if (clean) await clean().catch((error: unknown) => console.error(`clean-up failed: ${String(error)}`));
    await rm(stateFile, { force: true });
    process.exit(clean ? 0 : 130);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
  leaveSignalsToCaller();

  const cp = await startControlPlane(binDir);
  const envoy = new FakeEnvoyAdmin({ dump: await readFile(envoyDump) });
  let node: KwokNode | undefined;
  let binder: NodeJS.Timeout | undefined;
  const podEnvoys: FakeEnvoyAdmin[] = [];
  cleanup = async () => {
    clearInterval(binder);
    await node?.stop();
    await envoy.stop();
    for (const e of podEnvoys) await e.stop();
    await cp.stop();
    await rm(cp.dir, { recursive: true, force: true });
  };
  const envoyPort = await envoy.start();
  /** The node; every pod's port 15000 not forwarded by name goes to the sample-dump stand-in. */
  const startNode = (portForwards: PortForwardRule[]) =>
    startKwokNode({
      binDir,
      kubeconfig: cp.kubeconfigPath,
      admin: cp.admin,
      certFile: cp.servingCrt,
      keyFile: cp.servingKey,
      name: nodeName,
      portForwards,
      anyPodForwards: [{ port: 15000, targetPort: envoyPort }],
    });
  node = await startNode([]);
  binder = bindPendingPods(cp.admin, nodeName);
  await applyBrokenScenario(cp.admin, (s) => console.log(s));
  // The scenario's injected pods get istiod's own configuration: a stand-in per pod asks istiod
  // (xdsdump, Istio's ADS client) at every request, and kwok restarts with one port-forward per pod.
  // Pods created later fall back to the fixed sample dump.
  const xds = cp.istiodXds;
  if (xds) {
    const injected = await runningInjectedPods(cp.admin);
    const perPod = await Promise.all(
      injected.map(async ({ namespace, name }) => {
        const admin = new FakeEnvoyAdmin({
          dump: async () => istiodDump(binDir, xds, await proxyIdentity(cp.admin, namespace, name)),
        });
        podEnvoys.push(admin);
        return { namespace, pod: name, port: 15000, targetPort: await admin.start() };
      }),
    );
    await node.stop();
    node = await startNode(perPod);
    console.log(`istiod's generated config is served for ${perPod.length} injected pods`);
  }
  await writeFile(
    stateFile,
    JSON.stringify({
      pid: process.pid,
      kubeconfig: cp.kubeconfigPath,
      dir: cp.dir,
      etcdDir: cp.etcdDir,
      kwokDir: node.dir,
      node: nodeName,
    } satisfies State),
  );
  console.log(`ready: ${cp.kubeconfigPath}`);
  setInterval(() => {}, 1 << 30);
}

/** Injected pods (label security.istio.io/tlsMode=istio) once kwok runs them and they have an IP. */
async function runningInjectedPods(admin: KubeConfig): Promise<{ namespace: string; name: string }[]> {
  const core = admin.makeApiClient(CoreV1Api);
  for (let i = 0; i < 60; i++) {
    const pods = await core.listPodForAllNamespaces({ labelSelector: 'security.istio.io/tlsMode=istio' });
    if (pods.items.every((p) => p.status?.podIP))
      return pods.items.map((p) => ({
        namespace: p.metadata?.namespace ?? '',
        name: p.metadata?.name ?? '',
      }));
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('injected pods did not get IPs within 30 s');
}

/**
 * The local cluster has no kube-scheduler: every second, pods with no node are bound to the kwok
 * node (what the scheduler would do with a single node), and kwok then runs them.
 */
function bindPendingPods(admin: KubeConfig, node: string): NodeJS.Timeout {
  const core = admin.makeApiClient(CoreV1Api);
  let busy = false;
  return setInterval(() => {
    if (busy) return;
    busy = true;
    void (async () => {
      const pods = await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=' });
      for (const pod of pods.items) {
        const name = pod.metadata?.name;
        const namespace = pod.metadata?.namespace;
        if (!name || !namespace || pod.metadata?.deletionTimestamp) continue;
        await core
          .createNamespacedPodBinding({
            name,
            namespace,
            body: { metadata: { name, namespace }, target: { apiVersion: 'v1', kind: 'Node', name: node } },
          })
          .catch(() => undefined); // bound meanwhile, or deleted: the next round sees it
      }
    })()
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, 1000);
}

async function down(): Promise<void> {
  const state = await readState();
  if (!state || !alive(state.pid)) {
    console.log('No local cluster is running.');
    await rm(stateFile, { force: true });
    return;
  }
  process.kill(state.pid, 'SIGTERM');
  // Each of its processes gets 5 s to stop before SIGKILL, one after the other.
  for (let i = 0; i < 300 && alive(state.pid); i++) await new Promise((r) => setTimeout(r, 200));
  if (alive(state.pid)) {
    process.kill(state.pid, 'SIGKILL');
    console.error(`The cluster process did not stop within 60 s and was killed; see ${logFile}`);
  }
  // Normally gone already (the serving process removes them); after a SIGKILL, not.
  for (const dir of [state.etcdDir, state.kwokDir, state.dir])
    if (dir) await rm(dir, { recursive: true, force: true });
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
