import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { istioctlAnalyze } from '../../src/gatherers/istioctl/analyze.ts';
import { runIstioctl } from '../../src/gatherers/istioctl/run-istioctl.ts';
import { clusterObjects } from './harness/cluster-objects.ts';
import { meshdocLive } from './harness/meshdoc-live.ts';
import { limitedServiceAccount } from './harness/service-account-kubeconfig.ts';

let admin: KubeConfig;
let objects: ReturnType<typeof clusterObjects>;
const istioctl = () => join(inject('binDir'), 'istioctl');
const access = () => ({ server: inject('apiserverUrl'), caFile: inject('caCrt') });

beforeAll(async () => {
  admin = new KubeConfig();
  admin.loadFromFile(inject('kubeconfig'));
  objects = clusterObjects(admin);
  await objects.ensureNamespace('rbac-shop', { 'istio-injection': 'enabled' });
  await objects.createPod('rbac-shop', 'web').catch(() => undefined);
});

describe('RBAC: a forbidden call names the missing verb and resource', () => {
  it('an identity that may read pods and namespaces but not webhooks gets "unknown" with the exact permission missing', async () => {
    const kc = await limitedServiceAccount(admin, access(), 'half-rbac', [
      { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list'] },
    ]);
    // A pod without a sidecar in an unlabelled namespace: only the webhooks can explain it.
    await objects.ensureNamespace('half', {});
    await objects.createPod('half', 'plain').catch(() => undefined);
    const out = await meshdocLive(kc)(['why-not-injected', 'plain', '-n', 'half']);
    if (!out.ok) throw new Error(out.error.userMessage);
    expect(out.report.verdict).toBe('unknown');
    const notes = out.report.notes.map((n) => n.message).join('\n');
    expect(notes).toContain(
      'verb "list" on resource "mutatingwebhookconfigurations.admissionregistration.k8s.io"',
    );
    expect(notes).toContain('verb "get" on resource "configmaps"');
  });

  it('an identity with no permissions at all: the pod read fails with get pods named', async () => {
    const kc = await limitedServiceAccount(admin, access(), 'nobody', []);
    const out = await meshdocLive(kc)(['why-not-injected', 'web', '-n', 'rbac-shop']);
    expect(!out.ok && out.error.code).toBe('forbidden');
    expect(!out.ok && out.error.userMessage).toContain('lacks verb "get" on resource "pods"');
  });
});

describe("istioctl through meshdoc's gatherer, against the real API server", () => {
  it('reports its real version', async () => {
    const out = await runIstioctl(['version', '--remote=false', '-o', 'json'], {
      binary: istioctl(),
      timeoutMs: 30_000,
    });
    expect(out.stdout).toContain('"version": "1.28.2"');
  });

  it('analyze against the live API server returns IST messages (IST0102 for an unlabelled namespace)', async () => {
    await objects.ensureNamespace('unlabelled', {});
    const messages = await istioctlAnalyze(
      { allNamespaces: true },
      { binary: istioctl(), kubeconfig: inject('kubeconfig'), timeoutMs: 60_000 },
    );
    expect(messages.some((m) => m.code === 'IST0102' && /unlabelled/.test(m.origin ?? ''))).toBe(true);
  });

  it('analyze on files (--use-kube=false) works offline', async () => {
    const file = join(tmpdir(), `meshdoc-vs-${process.pid}.yaml`);
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(
        file,
        'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: reviews, namespace: default}\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v9}\n',
      ),
    );
    const messages = await istioctlAnalyze({ files: [file] }, { binary: istioctl(), timeoutMs: 60_000 });
    expect(messages.map((m) => m.code)).toContain('IST0101');
  });

  it('a timeout and an unreachable cluster give meshdoc errors, not crashes', async () => {
    await expect(
      runIstioctl(['analyze', '-A'], { binary: istioctl(), kubeconfig: inject('kubeconfig'), timeoutMs: 1 }),
    ).rejects.toMatchObject({ code: 'timeout' });
    const bad = join(tmpdir(), `meshdoc-bad-${process.pid}.kubeconfig`);
    const text = (await readFile(inject('kubeconfig'), 'utf8')).replace(
      /server: "https:\/\/127\.0\.0\.1:\d+"/,
      'server: "https://127.0.0.1:9"',
    );
    await import('node:fs/promises').then((fs) => fs.writeFile(bad, text));
    await expect(
      istioctlAnalyze({ allNamespaces: true }, { binary: istioctl(), kubeconfig: bad, timeoutMs: 60_000 }),
    ).rejects.toMatchObject({ code: 'upstream_failed' });
  });
});
