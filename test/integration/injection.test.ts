import { join } from 'node:path';
import { KubeConfig, type V1MutatingWebhookConfiguration } from '@kubernetes/client-node';
import { execa } from 'execa';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { clusterObjects, hasSidecar, type PodSpec } from './harness/cluster-objects.ts';
import { meshdocLive } from './harness/meshdoc-live.ts';
import { botServiceAccount } from './harness/service-account-kubeconfig.ts';

type Case = {
  row: string;
  ns: string;
  nsLabels: Record<string, string>;
  pod: string;
  spec?: PodSpec;
  injected: boolean;
  cause?: string;
  checkInjectDiffers?: string;
};

const enabled = { 'istio-injection': 'enabled' };
// Namespaces labelled every way of istio-semantics.md §1.9; pods created through the API server
// are mutated (or not) by istiod's real webhook. `injected` is what Istio is expected to do; the
// test checks it really did, and that meshdoc agrees.
const cases: Case[] = [
  { row: '1', ns: 'r01', nsLabels: {}, pod: 'plain', injected: false, cause: 'namespace-not-enabled' },
  { row: '2', ns: 'r02', nsLabels: enabled, pod: 'plain', injected: true },
  {
    row: '3',
    ns: 'r02',
    nsLabels: enabled,
    pod: 'label-false',
    spec: { labels: { 'sidecar.istio.io/inject': 'false' } },
    injected: false,
    cause: 'pod-label-opt-out',
  },
  {
    row: '4',
    ns: 'r02',
    nsLabels: enabled,
    pod: 'annotation-false',
    spec: { annotations: { 'sidecar.istio.io/inject': 'false' } },
    injected: false,
    cause: 'pod-annotation-opt-out',
    checkInjectDiffers: 'check-inject ignores the annotation opt-out',
  },
  {
    row: '5',
    ns: 'r02',
    nsLabels: enabled,
    pod: 'label-true-ann-false',
    spec: {
      labels: { 'sidecar.istio.io/inject': 'true' },
      annotations: { 'sidecar.istio.io/inject': 'false' },
    },
    injected: true,
  },
  {
    row: '6',
    ns: 'r02',
    nsLabels: enabled,
    pod: 'label-capital-false',
    spec: { labels: { 'sidecar.istio.io/inject': 'False' } },
    injected: true,
  },
  {
    row: '7',
    ns: 'r07',
    nsLabels: { 'istio-injection': 'disabled' },
    pod: 'label-true',
    spec: { labels: { 'sidecar.istio.io/inject': 'true' } },
    injected: false,
    cause: 'namespace-injection-disabled',
  },
  {
    row: '7 (typo)',
    ns: 'r07typo',
    nsLabels: { 'istio-injection': 'true' },
    pod: 'plain',
    injected: false,
    cause: 'namespace-label-invalid-value',
  },
  {
    row: '8',
    ns: 'r08',
    nsLabels: {},
    pod: 'label-true',
    spec: { labels: { 'sidecar.istio.io/inject': 'true' } },
    injected: true,
  },
  {
    row: '9',
    ns: 'r08',
    nsLabels: {},
    pod: 'annotation-true',
    spec: { annotations: { 'sidecar.istio.io/inject': 'true' } },
    injected: false,
    cause: 'annotation-opt-in-ignored',
  },
  { row: '10', ns: 'r10', nsLabels: { 'istio.io/rev': 'canary' }, pod: 'plain', injected: true },
  {
    row: '11',
    ns: 'r11',
    nsLabels: { 'istio.io/rev': 'nosuch' },
    pod: 'plain',
    injected: false,
    cause: 'revision-without-webhook',
  },
  { row: '12', ns: 'r12', nsLabels: { ...enabled, 'istio.io/rev': 'canary' }, pod: 'plain', injected: true },
  {
    row: '13',
    ns: 'r13',
    nsLabels: { 'istio-injection': 'disabled', 'istio.io/rev': 'canary' },
    pod: 'plain',
    injected: false,
    cause: 'namespace-injection-disabled',
  },
  {
    row: '14',
    ns: 'r08',
    nsLabels: {},
    pod: 'rev-canary',
    spec: { labels: { 'istio.io/rev': 'canary' } },
    injected: true,
  },
  {
    row: '15',
    ns: 'r02',
    nsLabels: enabled,
    pod: 'rev-canary',
    spec: { labels: { 'istio.io/rev': 'canary' } },
    injected: true,
  },
  {
    row: '16',
    ns: 'r10',
    nsLabels: { 'istio.io/rev': 'canary' },
    pod: 'rev-default',
    spec: { labels: { 'istio.io/rev': 'default' } },
    injected: true,
  },
  {
    row: '17',
    ns: 'r10',
    nsLabels: { 'istio.io/rev': 'canary' },
    pod: 'label-false',
    spec: { labels: { 'sidecar.istio.io/inject': 'false' } },
    injected: false,
    cause: 'pod-label-opt-out',
  },
  {
    row: '18',
    ns: 'r02',
    nsLabels: enabled,
    pod: 'host-network',
    spec: { hostNetwork: true },
    injected: false,
    cause: 'host-network',
    checkInjectDiffers: 'check-inject ignores hostNetwork',
  },
  {
    row: '19',
    ns: 'kube-system',
    nsLabels: enabled,
    pod: 'system',
    injected: false,
    cause: 'system-namespace',
    checkInjectDiffers: 'check-inject ignores the namespaces istiod never injects',
  },
  {
    row: '23',
    ns: 'r23',
    nsLabels: { 'istio.io/dataplane-mode': 'ambient' },
    pod: 'plain',
    injected: false,
    cause: 'ambient-namespace',
  },
  {
    row: '24',
    ns: 'r24',
    nsLabels: { 'istio.io/dataplane-mode': 'ambient', ...enabled },
    pod: 'plain',
    injected: true,
  },
];

let objects: ReturnType<typeof clusterObjects>;
let meshdoc: ReturnType<typeof meshdocLive>;
let kubeconfigPath: string;
const binDir = inject('binDir');

beforeAll(async () => {
  kubeconfigPath = inject('kubeconfig');
  const admin = new KubeConfig();
  admin.loadFromFile(kubeconfigPath);
  objects = clusterObjects(admin);
  // The bot runs as its own ServiceAccount with deploy/rbac.yaml: a missing permission fails here.
  const bot = await botServiceAccount(
    admin,
    { server: inject('apiserverUrl'), caFile: inject('caCrt') },
    'injection',
  );
  meshdoc = meshdocLive(bot.kubeConfig);
  await installCanaryRevision();
}, 120_000);

/** A "canary" revision's webhook configuration (chart-shaped rev.* webhooks), served by the same istiod. */
async function installCanaryRevision(): Promise<void> {
  const def = await objects.admission.readMutatingWebhookConfiguration({ name: 'istio-sidecar-injector' });
  const rev = (def.webhooks ?? []).filter((w) => w.name.startsWith('rev.'));
  const swap = (values?: string[]) => values?.map((v) => (v === 'default' ? 'canary' : v));
  const canary: V1MutatingWebhookConfiguration = {
    metadata: {
      name: 'istio-sidecar-injector-canary',
      labels: { 'istio.io/rev': 'canary', app: 'sidecar-injector' },
    },
    webhooks: rev.map((w) => ({
      ...w,
      namespaceSelector: {
        matchExpressions: w.namespaceSelector?.matchExpressions?.map((e) => ({
          ...e,
          values: swap(e.values),
        })),
      },
      objectSelector: {
        matchExpressions: w.objectSelector?.matchExpressions?.map((e) => ({ ...e, values: swap(e.values) })),
      },
    })),
  };
  await objects.admission.createMutatingWebhookConfiguration({ body: canary });
  // Every revision has its injector ConfigMap (istio-sidecar-injector-<rev>), as the chart installs it.
  const cm = await objects.core.readNamespacedConfigMap({
    name: 'istio-sidecar-injector',
    namespace: 'istio-system',
  });
  await objects.core.createNamespacedConfigMap({
    namespace: 'istio-system',
    body: {
      metadata: { name: 'istio-sidecar-injector-canary', labels: { 'istio.io/rev': 'canary' } },
      data: cm.data ?? {},
    },
  });
}

async function checkInject(ns: string, pod: string): Promise<boolean> {
  const out = await execa(
    join(binDir, 'istioctl'),
    ['x', 'check-inject', '-n', ns, pod, '--kubeconfig', kubeconfigPath],
    { reject: false, env: { NO_COLOR: '1' } },
  );
  return /✔/.test(String(out.stdout));
}

describe('meshdoc why-not-injected agrees with what istiod really did', () => {
  it.each(cases)(
    'row $row: $ns/$pod',
    async ({ ns, nsLabels, pod, spec, injected, cause, checkInjectDiffers }) => {
      await objects.ensureNamespace(ns, nsLabels);
      const created = await objects.createPod(ns, pod, spec);
      expect(
        hasSidecar(created),
        `istiod ${injected ? 'should have' : 'should not have'} injected ${ns}/${pod}`,
      ).toBe(injected);
      const out = await meshdoc(['why-not-injected', pod, '-n', ns]);
      if (!out.ok) throw new Error(`meshdoc failed: ${out.error.userMessage}`);
      expect(out.report.verdict).toBe(injected ? 'injected' : 'not-injected');
      expect(out.report.notes, 'meshdoc could read everything under its own RBAC').toEqual([]);
      if (!injected) {
        expect(out.report.data?.cause).toBe(cause);
        expect(out.report.data?.wouldInjectNow).toBe(false);
      }
      // Differential against istioctl x check-inject, which evaluates webhook selectors only.
      const webhookCalled = out.report.data?.injectedBy !== null;
      const ticked = await checkInject(ns, pod);
      if (checkInjectDiffers) {
        expect(ticked, `by design: ${checkInjectDiffers}`).toBe(true);
        expect(injected).toBe(false);
      } else {
        expect(ticked).toBe(webhookCalled);
      }
    },
  );

  it('row 26: a pod created before its namespace was enabled — meshdoc says restart; after recreating it really is injected', async () => {
    await objects.ensureNamespace('r26', {});
    const before = await objects.createPod('r26', 'early');
    expect(hasSidecar(before)).toBe(false);
    await new Promise((r) => setTimeout(r, 1100)); // managedFields times have one-second resolution
    await objects.labelNamespace('r26', enabled);
    const out = await meshdoc(['why-not-injected', 'early', '-n', 'r26']);
    if (!out.ok) throw new Error(out.error.userMessage);
    expect([out.report.verdict, out.report.data?.cause, out.report.data?.wouldInjectNow]).toEqual([
      'not-injected',
      'created-before-enablement',
      true,
    ]);
    expect(out.report.headline).toMatch(
      /before injection was enabled \(namespace label istio-injection last written/,
    );
    await objects.deletePod('r26', 'early');
    const after = await objects.createPod('r26', 'early');
    expect(hasSidecar(after)).toBe(true);
    const again = await meshdoc(['why-not-injected', 'early', '-n', 'r26']);
    expect(again.ok && again.report.verdict).toBe('injected');
  });
});
