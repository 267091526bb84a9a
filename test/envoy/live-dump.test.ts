import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusters } from '../../commands/clusters.ts';
import { configDump } from '../../commands/config-dump.ts';
import { endpoints } from '../../commands/endpoints.ts';
import { listeners } from '../../commands/listeners.ts';
import { routes } from '../../commands/routes.ts';
import { secrets } from '../../commands/secrets.ts';
import type { Command, CommandContext } from '../../src/core/command.ts';
import type { Report } from '../../src/core/report.ts';
import { MeshdocError } from '../../src/errors.ts';
import { FileKubeReader } from '../../src/gatherers/files/file-kube-reader.ts';
import { loadManifests } from '../../src/gatherers/files/load-manifests.ts';
import { LiveKubeReader } from '../../src/gatherers/kube/live-kube-reader.ts';
import { demoPath } from '../../src/open-reader.ts';
import { renderText } from '../../src/renderers/text.ts';
import { FakeEnvoyAdmin } from '../helpers/fake-envoy-admin.ts';
import { FakeKubeApi, type Obj } from '../helpers/fake-kube-api.ts';
import { proxyPod } from '../helpers/proxy-pods.ts';
import { cli } from '../helpers/run-cli.ts';
import { fixture, fixtureNow, runParsed, runProxyCommand } from './run-proxy-command.ts';

// The live path end to end against stand-ins: FakeKubeApi speaks the API server's REST paths and
// the kubelet's WebSocket port-forward protocol, FakeEnvoyAdmin answers /config_dump. The same
// path runs against the real kube-apiserver and kwok in test/integration/proxy-live.test.ts.

const dump = readFileSync(fixture('sidecar-small.json'));

const envoy = new FakeEnvoyAdmin({ dump, chunkBytes: 8192 });
const hungEnvoy = new FakeEnvoyAdmin({ dump, hang: true });
const sickEnvoy = new FakeEnvoyAdmin({ dump, status: 503 });
let api: FakeKubeApi;
let forbidding: FakeKubeApi;
let server: string;
let forbiddingServer: string;

beforeAll(async () => {
  const [port, hungPort, sickPort] = await Promise.all([envoy.start(), hungEnvoy.start(), sickEnvoy.start()]);
  const objects: Obj[] = [
    { kind: 'Namespace', metadata: { name: 'shop' } },
    proxyPod('web-1', {}),
    proxyPod('hung-1', {}),
    proxyPod('sick-1', {}),
    proxyPod('silent-1', {}),
    proxyPod('plain-1', { sidecar: false }),
    proxyPod('ambient-1', { sidecar: false, annotations: { 'ambient.istio.io/redirection': 'enabled' } }),
    proxyPod('pending-1', { status: { phase: 'Pending' } }),
    proxyPod('crash-1', {
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'app', ready: true, state: { running: {} } },
          {
            name: 'istio-proxy',
            ready: false,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s' } },
          },
        ],
      },
    }),
  ];
  api = new FakeKubeApi({
    objects,
    portForwards: {
      'shop/web-1:15000': { port },
      'shop/hung-1:15000': { port: hungPort },
      'shop/sick-1:15000': { port: sickPort },
    },
  });
  forbidding = new FakeKubeApi({ objects, forbid: ['get pods/portforward'] });
  [server, forbiddingServer] = await Promise.all([api.start(), forbidding.start()]);
});

afterAll(async () => {
  await Promise.all([api.stop(), forbidding.stop(), envoy.stop(), hungEnvoy.stop(), sickEnvoy.stop()]);
});

function liveContext(url = server): CommandContext {
  const reader = new LiveKubeReader({ kubeConfig: api.kubeConfig(url), timeoutMs: 2000 });
  return {
    reader: () => Promise.resolve(reader),
    defaultNamespace: 'shop',
    now: () => fixtureNow,
    proxyTimeoutMs: 1000,
  };
}

function runLive(command: Command, podName: string, ctx = liveContext()): Promise<Report> {
  return runParsed(command, [podName], ctx);
}

async function liveError(command: Command, podName: string, ctx = liveContext()): Promise<MeshdocError> {
  const error = await runLive(command, podName, ctx).catch((e: unknown) => e);
  if (!(error instanceof MeshdocError)) throw new Error(`expected a MeshdocError, got ${String(error)}`);
  return error;
}

/** The report text minus the lines that differ by source (header, timings). */
function body(report: Report): string {
  return renderText({ ...report, cluster: 'x', target: 'x', durationMs: 0 }, { color: false });
}

describe('live proxy tables through a port-forward', () => {
  it.each([
    ['listeners', listeners, '/config_dump'],
    ['routes', routes, '/config_dump'],
    ['clusters', clusters, '/config_dump'],
    ['secrets', secrets, '/config_dump'],
    ['endpoints', endpoints, '/config_dump?include_eds'],
    ['config-dump', configDump, '/config_dump?include_eds'],
  ] as const)('%s <pod> gives what --file gives for the same dump', async (_name, command, path) => {
    api.requests.length = 0;
    envoy.requests.length = 0;
    const live = await runLive(command, 'web-1');
    const fromFile = await runProxyCommand(command, ['shop/web-1'], { file: fixture('sidecar-small.json') });
    expect(live.target).toBe('shop/web-1');
    expect(live.cluster).toBe('fake-cluster');
    expect(body(live)).toBe(body(fromFile));
    // One pod read and one port-forward; Envoy asked once, for EDS only when the command needs it.
    expect(api.requests).toEqual([
      'GET /api/v1/namespaces/shop/pods/web-1',
      'GET /api/v1/namespaces/shop/pods/web-1/portforward?ports=15000 (upgrade)',
    ]);
    expect(envoy.requests).toEqual([path]);
  });

  it('the live listeners table has the rows of the dump', async () => {
    const report = await runLive(listeners, 'web-1');
    const text = renderText(report, { color: false });
    expect(text).toMatch(/ADDRESSES\s+PORT\s+MATCH\s+DESTINATION/);
    expect(text).toContain('0.0.0.0');
  });
});

describe('a pod whose Envoy cannot be read gets a clear message', () => {
  it.each([
    [
      'plain-1',
      'no_proxy',
      /Pod shop\/plain-1 has no Envoy sidecar \(no istio-proxy container\)/,
      /Find out why: why-not-injected shop\/plain-1/,
    ],
    [
      'ambient-1',
      'no_proxy',
      /Pod shop\/ambient-1 is in ambient mode: it has no Envoy sidecar/,
      /ztunnel-config/,
    ],
    ['pending-1', 'no_proxy', /Pod shop\/pending-1 is Pending/, /kubectl describe pod pending-1 -n shop/],
    [
      'crash-1',
      'no_proxy',
      /istio-proxy container of pod shop\/crash-1 is not running \(waiting: CrashLoopBackOff, back-off 5m0s\)/,
      /logs crash-1 -n shop -c istio-proxy --previous/,
    ],
    [
      'silent-1',
      'upstream_failed',
      /Envoy's admin port 15000 in pod shop\/silent-1 did not answer: error forwarding port 15000 to pod shop\/silent-1:15000: connection refused\./,
      /logs silent-1 -n shop -c istio-proxy/,
    ],
    [
      'hung-1',
      'timeout',
      /Envoy in pod shop\/hung-1 did not send its configuration within 1 s \(0 bytes received\)/,
      /MESHDOC_PROXY_TIMEOUT_MS/,
    ],
    [
      'sick-1',
      'upstream_failed',
      /Envoy's admin API in pod shop\/sick-1 answered HTTP 503 to GET \/config_dump: envoy is shutting down/,
      /logs sick-1/,
    ],
  ])('%s', async (name, code, message, hint) => {
    const error = await liveError(listeners, name);
    expect(error.code).toBe(code);
    expect(error.userMessage).toMatch(message);
    expect(error.hint).toMatch(hint);
  });

  it('a missing pod is not found, with suggestions', async () => {
    const error = await liveError(listeners, 'web-2');
    expect(error.code).toBe('not_found');
    expect(error.userMessage).toBe('Pod "web-2" was not found in namespace "shop" (cluster fake-cluster).');
    expect(error.hint).toMatch(/Did you mean: web-1/);
  });

  it('a missing namespace is named', async () => {
    const error = await liveError(listeners, 'nowhere/web-1');
    expect(error.userMessage).toMatch(/Namespace "nowhere" does not exist/);
  });

  it('RBAC without pods/portforward names the verb and resource', async () => {
    const ctx: CommandContext = {
      ...liveContext(),
      reader: () =>
        Promise.resolve(
          new LiveKubeReader({ kubeConfig: forbidding.kubeConfig(forbiddingServer), timeoutMs: 2000 }),
        ),
    };
    const error = await liveError(configDump, 'web-1', ctx);
    expect(error.code).toBe('forbidden');
    expect(error.userMessage).toBe(
      'Kubernetes refused to let meshdoc get pods/portforward in namespace "shop": its RBAC role lacks verb "get" on resource "pods/portforward".',
    );
  });

  it('the demo and --from manifests have no Envoy to ask', async () => {
    const reader = new FileKubeReader(await loadManifests(demoPath), 'demo');
    const ctx: CommandContext = { ...liveContext(), reader: () => Promise.resolve(reader) };
    const error = await liveError(listeners, 'bookinfo/productpage-v1-6b746f74dc-9stvf', ctx);
    expect(error.code).toBe('no_proxy');
    expect(error.userMessage).toMatch(/The demo scenario has no running Envoy to ask/);
    expect(error.hint).toMatch(/--file DUMP/);
  });
});

describe('the CLI reads a live pod through a kubeconfig', () => {
  it('listeners <pod> -n <ns> prints the table; -o json the rows', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshdoc-live-'));
    const kubeconfig = join(dir, 'config');
    writeFileSync(kubeconfig, api.kubeconfigText(server));
    const env = { HOME: dir, KUBECONFIG: kubeconfig, MESHDOC_PROXY_TIMEOUT_MS: '2000' };
    const text = await cli(['listeners', 'web-1', '-n', 'shop'], env);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/ADDRESSES\s+PORT\s+MATCH\s+DESTINATION/);
    const json = await cli(['clusters', 'shop/web-1', '-o', 'json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      schemaVersion: 1,
      command: 'clusters',
      target: 'shop/web-1',
    });
    const missing = await cli(['secrets', 'shop/plain-1'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/has no Envoy sidecar/);
  });
});
