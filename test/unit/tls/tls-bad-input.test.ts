import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import type { CommandContext } from '../../../src/core/command.ts';
import { runInvocation } from '../../../src/core/run-invocation.ts';
import { LiveKubeReader } from '../../../src/gatherers/kube/live-kube-reader.ts';
import { FakeKubeApi, type Obj } from '../../helpers/fake-kube-api.ts';
import { cli, cliJson } from '../../helpers/run-cli.ts';

// tls-check's bad input: each gets a specific answer, never a crash and never "all good" without evidence.

const demo = readFileSync(new URL('../../../demo/cluster.yaml', import.meta.url), 'utf8');
const withDemo = (extra: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'meshdoc-tls-'));
  writeFileSync(join(dir, 'cluster.yaml'), `${demo}\n---\n${extra}`);
  return dir;
};

describe('tls-check: bad input offline', () => {
  it('an unknown service: not found, with the close names', async () => {
    const r = await cli(['tls-check', 'svc/order', '-n', 'orders', '--from', 'demo/cluster.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Service "order" was not found in namespace "orders"');
    expect(r.stderr).toContain('Did you mean: orders');
  });

  it('a port the Service does not expose: the ports it does', async () => {
    const r = await cli([
      'tls-check',
      'svc/inventory',
      '-n',
      'orders',
      '--port',
      '7000',
      '--from',
      'demo/cluster.yaml',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'Port 7000 is not a port of Service inventory; it exposes inventory:8080 (http), inventory:9090 (grpc-stock)',
    );
  });

  it('--port narrows the table to that port', async () => {
    const out = await cliJson([
      'tls-check',
      'svc/inventory',
      '-n',
      'orders',
      '--port',
      '9090',
      '--from',
      'demo/cluster.yaml',
    ]);
    expect((out.rows as { port: number }[]).map((r) => r.port)).toEqual([9090]);
  });

  it('a pod without a sidecar: what that means for TLS', async () => {
    const dir = withDemo(`apiVersion: v1
kind: Pod
metadata: {name: catalog-legacy-1, namespace: orders, labels: {app: catalog}}
spec: {containers: [{name: catalog, image: registry.example.com/orders/catalog:1.0.0}]}`);
    const out = await cliJson(['tls-check', 'catalog-legacy-1', '-n', 'orders', '--from', dir]);
    expect(String(out.headline)).toContain('has no sidecar: PeerAuthentications do not apply to it');
    expect((out.rows as { server: string }[])[0]?.server).toBe('no sidecar');
  });

  it('a pod no Service selects: unknown, saying so', async () => {
    const out = await cliJson([
      'tls-check',
      'cart-5c6d8b9f7-t8vxr',
      '-n',
      'shop',
      '--from',
      'demo/cluster.yaml',
    ]);
    expect(out.verdict).toBe('unknown');
    expect(String(out.headline)).toContain('No Service in namespace shop selects pod cart-5c6d8b9f7-t8vxr');
  });

  it('policies that fail validation are left out and reported; the rest are used', async () => {
    const dir = withDemo(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: broken, namespace: orders}
spec: {host: catalog, trafficPolicy: {tls: {mode: [1, 2]}}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: broken-pa, namespace: orders}
spec: {mtls: STRICT}`);
    const out = await cliJson(['tls-check', 'svc/orders', '-n', 'orders', '--from', dir]);
    // The valid DestinationRule orders/orders still decides: the conflict is found.
    expect(out.verdict).toBe('conflict');
    const notes = (out.notes as { message: string }[]).map((n) => n.message).join('\n');
    expect(notes).toContain('DestinationRule orders/broken was left out');
    expect(notes).toContain('PeerAuthentication orders/broken-pa was left out');
  });

  it('--to without a pod first is a usage error', async () => {
    const r = await cli([
      'tls-check',
      'svc/orders',
      '-n',
      'orders',
      '--to',
      'svc/catalog',
      '--from',
      'demo/cluster.yaml',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--to looks at a pod as a client');
  });
});

describe('tls-check: bad answers from a live API server', () => {
  let api: FakeKubeApi | undefined;
  afterEach(async () => api?.stop());

  const objects: Obj[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-1',
        namespace: 'shop',
        labels: { app: 'web', 'security.istio.io/tlsMode': 'istio' },
      },
      spec: {
        containers: [{ name: 'web' }, { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.28.2' }],
      },
    },
  ];

  async function run(options: { forbid?: string[]; extra?: Obj[] } = {}) {
    api = new FakeKubeApi({
      objects: [...objects, ...(options.extra ?? [])],
      ...(options.forbid ? { forbid: options.forbid } : {}),
    });
    const server = await api.start();
    const reader = new LiveKubeReader({ kubeConfig: api.kubeConfig(server), timeoutMs: 5000 });
    const ctx: CommandContext = {
      defaultNamespace: 'default',
      now: () => new Date(),
      reader: async () => reader,
    };
    const outcome = await runInvocation(['tls-check', 'svc/web', '-n', 'shop'], 'cli', commands, ctx);
    if (!outcome.ok) throw outcome.error;
    return outcome.report;
  }

  it('a forbidden list: unknown, naming the verb and resource RBAC lacks', async () => {
    const report = await run({ forbid: ['list destinationrules'] });
    expect(report.verdict).toBe('unknown');
    const note = report.notes.find((n) => n.evidence === 'meshDestinationRules');
    expect(note?.message).toMatch(/list.*destinationrules/);
  });

  it('no mesh ConfigMap: Istio defaults assumed, and said', async () => {
    const report = await run();
    expect(report.verdict).toBe('ok');
    expect(report.notes.map((n) => n.message).join('\n')).toContain("assumed Istio's defaults");
  });

  it('an unreadable mesh ConfigMap: defaults assumed, with the reason', async () => {
    const report = await run({
      extra: [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'istio', namespace: 'istio-system' },
          data: { mesh: 'rootNamespace: [unclosed' },
        },
      ],
    });
    const messages = report.notes.map((n) => n.message).join('\n');
    expect(messages).toContain('has a mesh config meshdoc cannot read');
    expect(messages).toContain("assumed Istio's defaults");
  });
});
