import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { clusterObjects, hasSidecar } from './harness/cluster-objects.ts';
import { meshdocLive } from './harness/meshdoc-live.ts';
import { botServiceAccount } from './harness/service-account-kubeconfig.ts';

// Rows 20–22 of §1.9 need the injector's own configuration changed: policy disabled,
// neverInjectSelector app=legacy, alwaysInjectSelector app=forced. istiod watches its ConfigMap.
let objects: ReturnType<typeof clusterObjects>;
let meshdoc: ReturnType<typeof meshdocLive>;
let original: string;

beforeAll(async () => {
  const admin = new KubeConfig();
  admin.loadFromFile(inject('kubeconfig'));
  objects = clusterObjects(admin);
  const bot = await botServiceAccount(
    admin,
    { server: inject('apiserverUrl'), caFile: inject('caCrt') },
    'policy',
  );
  meshdoc = meshdocLive(bot.kubeConfig);
  const cm = await objects.core.readNamespacedConfigMap({
    name: 'istio-sidecar-injector',
    namespace: 'istio-system',
  });
  original = cm.data?.config ?? '';
  const config = parse(original) as Record<string, unknown>;
  config.policy = 'disabled';
  config.neverInjectSelector = [{ matchLabels: { app: 'legacy' } }];
  config.alwaysInjectSelector = [{ matchLabels: { app: 'forced' } }, { matchLabels: { app: 'legacy' } }];
  await objects.core.replaceNamespacedConfigMap({
    name: 'istio-sidecar-injector',
    namespace: 'istio-system',
    body: { ...cm, data: { ...cm.data, config: stringify(config) } },
  });
  await objects.ensureNamespace('r20', { 'istio-injection': 'enabled' });
  // Wait until istiod has reloaded: a plain pod is no longer injected.
  for (let i = 0; ; i++) {
    const probe = await objects.createPod('r20', `probe-${i}`);
    await objects.deletePod('r20', `probe-${i}`);
    if (!hasSidecar(probe)) break;
    if (i > 60)
      throw new Error('istiod did not pick up the changed istio-sidecar-injector ConfigMap within 60 s');
    await new Promise((r) => setTimeout(r, 1000));
  }
}, 180_000);

afterAll(async () => {
  const cm = await objects.core.readNamespacedConfigMap({
    name: 'istio-sidecar-injector',
    namespace: 'istio-system',
  });
  await objects.core.replaceNamespacedConfigMap({
    name: 'istio-sidecar-injector',
    namespace: 'istio-system',
    body: { ...cm, data: { ...cm.data, config: original } },
  });
});

describe('injector policy and selectors, as istiod applies them', () => {
  it.each<{
    row: string;
    pod: string;
    labels: Record<string, string>;
    injected: boolean;
    cause: string | undefined;
  }>([
    { row: '20', pod: 'plain', labels: {}, injected: false, cause: 'injector-policy-disabled' },
    { row: '21', pod: 'legacy', labels: { app: 'legacy' }, injected: false, cause: 'never-inject-selector' },
    { row: '22', pod: 'forced', labels: { app: 'forced' }, injected: true, cause: undefined },
    {
      row: '20 (explicit opt-in)',
      pod: 'opt-in',
      labels: { 'sidecar.istio.io/inject': 'true' },
      injected: true,
      cause: undefined,
    },
  ])('row $row', async ({ pod, labels, injected, cause }) => {
    const created = await objects.createPod('r20', pod, { labels });
    expect(hasSidecar(created)).toBe(injected);
    const out = await meshdoc(['why-not-injected', pod, '-n', 'r20']);
    if (!out.ok) throw new Error(out.error.userMessage);
    expect(out.report.verdict).toBe(injected ? 'injected' : 'not-injected');
    if (cause) expect([out.report.data?.cause, out.report.data?.wouldInjectNow]).toEqual([cause, false]);
  });
});
