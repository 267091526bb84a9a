import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { Report } from '../../src/core/report.ts';
import { renderText } from '../../src/renderers/text.ts';
import { fixture, runProxyCommand } from '../envoy/run-proxy-command.ts';
import { FakeEnvoyAdmin } from '../helpers/fake-envoy-admin.ts';
import { cli } from '../helpers/run-cli.ts';
import { clusterObjects, hasSidecar } from './harness/cluster-objects.ts';
import { freePort } from './harness/free-port.ts';
import { type KwokNode, startKwokNode, waitForRunning } from './harness/kwok-node.ts';
import { meshdocLive } from './harness/meshdoc-live.ts';
import { botServiceAccount, limitedServiceAccount } from './harness/service-account-kubeconfig.ts';

// The live proxy path end to end: the real kube-apiserver authorises pods/portforward for meshdoc's
// own ServiceAccount (deploy/rbac.yaml), dials the node's kubelet — kwok, serving the kubelet's
// real port-forward code — which connects the pod's port 15000 to a local Envoy admin stand-in.
// The pods are injected by the real istiod webhook and marked Running by kwok.

const ns = 'proxy-live';
const nodeName = 'kwok-proxy-node';
const dumpFile = fixture('sidecar-small.json');
const envoy = new FakeEnvoyAdmin({ dump: readFileSync(dumpFile), chunkBytes: 16 * 1024 });
let admin: KubeConfig;
let objects: ReturnType<typeof clusterObjects>;
let node: KwokNode | undefined;
let botKubeconfig: string;
let meshdoc: ReturnType<typeof meshdocLive>;
const access = { server: inject('apiserverUrl'), caFile: inject('caCrt') };

beforeAll(async () => {
  admin = new KubeConfig();
  admin.loadFromFile(inject('kubeconfig'));
  objects = clusterObjects(admin);
  const [envoyPort, closedPort] = await Promise.all([envoy.start(), freePort()]);
  node = await startKwokNode({
    binDir: inject('binDir'),
    kubeconfig: inject('kubeconfig'),
    admin,
    certFile: inject('servingCrt'),
    keyFile: inject('servingKey'),
    name: nodeName,
    portForwards: [
      { namespace: ns, pod: 'web-1', port: 15000, targetPort: envoyPort },
      // Nothing listens there: a proxy whose admin port does not answer.
      { namespace: ns, pod: 'silent-1', port: 15000, targetPort: closedPort },
    ],
  });
  await objects.ensureNamespace(ns, { 'istio-injection': 'enabled' });
  await objects.ensureNamespace('proxy-plain', {});
  for (const pod of ['web-1', 'silent-1']) {
    const created = await objects.createPod(ns, pod, { nodeName });
    expect(hasSidecar(created), `istiod injected ${pod}`).toBe(true);
  }
  await objects.createPod(ns, 'pending-1'); // injected, never scheduled: Pending
  await objects.createPod('proxy-plain', 'plain-1', { nodeName });
  for (const [namespace, pod] of [
    [ns, 'web-1'],
    [ns, 'silent-1'],
    ['proxy-plain', 'plain-1'],
  ] as const)
    await waitForRunning(admin, namespace, pod, node);

  const bot = await botServiceAccount(admin, access, 'proxy');
  botKubeconfig = bot.path;
  meshdoc = meshdocLive(bot.kubeConfig);
}, 120_000);

afterAll(async () => {
  await node?.stop();
  await envoy.stop();
});

function body(report: Report): string {
  return renderText({ ...report, cluster: 'x', target: 'x', durationMs: 0 }, { color: false });
}

describe('proxy commands read a live pod through the real API server, as the bot', () => {
  it.each(['listeners', 'routes', 'clusters', 'endpoints', 'secrets', 'config-dump'])(
    '%s web-1: same answer as from the dump file',
    async (name) => {
      envoy.requests.length = 0;
      const out = await meshdoc([name, 'web-1', '-n', ns]);
      if (!out.ok) throw new Error(`${out.error.code}: ${out.error.userMessage}`);
      expect(out.report.target).toBe(`${ns}/web-1`);
      const command = commands.find((c) => c.name === name);
      if (!command) throw new Error(name);
      // Same clock as the live run: certificate ages are relative to now.
      const fromFile = await runProxyCommand(command, [`${ns}/web-1`], { file: dumpFile }, new Date());
      expect(body(out.report)).toBe(body(fromFile));
      expect(envoy.requests).toEqual([
        name === 'endpoints' || name === 'config-dump' ? '/config_dump?include_eds' : '/config_dump',
      ]);
    },
  );

  it('the CLI, with the bot kubeconfig: text and JSON', async () => {
    const env = { HOME: tmpdir(), KUBECONFIG: botKubeconfig };
    const text = await cli(['listeners', `${ns}/web-1`], env);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/ADDRESSES\s+PORT\s+MATCH\s+DESTINATION/);
    const json = await cli(['config-dump', `web-1.${ns}`, '-o', 'json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      schemaVersion: 1,
      command: 'config-dump',
      target: `${ns}/web-1`,
    });
  });

  it('a proxy whose admin port does not answer: the kubelet says why', async () => {
    const out = await meshdoc(['listeners', 'silent-1', '-n', ns]);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('upstream_failed');
    expect(out.error.userMessage).toMatch(
      new RegExp(`^Envoy's admin port 15000 in pod ${ns}/silent-1 did not answer: .*connection refused`),
    );
    expect(out.error.hint).toContain(`logs silent-1 -n ${ns} -c istio-proxy`);
  });

  it.each([
    ['plain-1 -n proxy-plain', /^Pod proxy-plain\/plain-1 has no Envoy sidecar/],
    [`pending-1 -n ${ns}`, new RegExp(`^Pod ${ns}/pending-1 is Pending`)],
    [`web-9 -n ${ns}`, /^Pod "web-9" was not found in namespace "proxy-live"/],
  ])('%s gets a clear message', async (args, message) => {
    const out = await meshdoc(['secrets', ...args.split(' ')]);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.userMessage).toMatch(message);
  });

  it('without pods/portforward in its RBAC, the answer names the verb and resource', async () => {
    const kc = await limitedServiceAccount(admin, access, 'no-tunnel', [
      { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list'] },
    ]);
    const out = await meshdocLive(kc)(['config-dump', 'web-1', '-n', ns]);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('forbidden');
    expect(out.error.userMessage).toBe(
      `Kubernetes refused to let meshdoc get pods/portforward in namespace "${ns}": its RBAC role lacks verb "get" on resource "pods/portforward".`,
    );
  });
});
