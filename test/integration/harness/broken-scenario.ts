import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { CoreV1Api, KubeConfig, V1Deployment } from '@kubernetes/client-node';
import { applyManifests } from './apply-manifests.ts';
import { clusterObjects } from './cluster-objects.ts';

const bookinfo = new URL(
  '../../../../shared/fixtures/istio/bookinfo/platform/kube/bookinfo.yaml',
  import.meta.url,
);

/** What meshdoc should answer for each workload of the scenario (`deploy/<name> -n <ns>`). */
export const expectedAnswers: { target: string; ns: string; verdict: string; cause: string }[] = [
  { target: 'deploy/productpage-v1', ns: 'bookinfo', verdict: 'injected', cause: 'already-injected' },
  {
    target: 'deploy/reviews-v2',
    ns: 'bookinfo',
    verdict: 'not-injected',
    cause: 'created-before-enablement',
  },
  { target: 'deploy/debug-tools', ns: 'bookinfo', verdict: 'not-injected', cause: 'host-network' },
  { target: 'deploy/batch-export', ns: 'bookinfo', verdict: 'not-injected', cause: 'pod-label-opt-out' },
  {
    target: 'deploy/checkout',
    ns: 'payments',
    verdict: 'not-injected',
    cause: 'namespace-label-invalid-value',
  },
  { target: 'deploy/ledger', ns: 'legacy', verdict: 'not-injected', cause: 'revision-without-webhook' },
  { target: 'deploy/cart', ns: 'shop', verdict: 'not-injected', cause: 'ambient-namespace' },
];

function deployment(
  ns: string,
  name: string,
  extra: { app?: string; labels?: Record<string, string>; hostNetwork?: boolean } = {},
): V1Deployment {
  const app = extra.app ?? name;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app, ...extra.labels } },
        spec: {
          ...(extra.hostNetwork ? { hostNetwork: true } : {}),
          containers: [{ name, image: 'nginx:1.27' }],
        },
      },
    },
  };
}

/**
 * Bookinfo plus deliberately broken workloads. Bookinfo is deployed before its namespace is
 * enabled (so every pod predates injection), then productpage alone is restarted.
 */
export async function applyBrokenScenario(
  admin: KubeConfig,
  log: (s: string) => void = () => {},
): Promise<void> {
  const objects = clusterObjects(admin);
  const core = objects.core;
  const ns = objects.ensureNamespace;
  await ns('bookinfo', {});
  if (existsSync(bookinfo)) {
    await applyManifests(admin, await readFile(bookinfo, 'utf8'), { namespace: 'bookinfo' });
  } else {
    log(
      `NOTICE: ${bookinfo.pathname} is absent; deploying productpage-v1 and reviews-v2 stand-ins instead of the Bookinfo sample`,
    );
    // Labelled like Bookinfo's (app=productpage, app=reviews), so the rest of the scenario is the same.
    for (const [name, app] of [
      ['productpage-v1', 'productpage'],
      ['reviews-v2', 'reviews'],
    ] as const) {
      await applyManifests(admin, JSON.stringify(deployment('bookinfo', name, { app })));
    }
  }
  await applyManifests(admin, JSON.stringify(deployment('bookinfo', 'debug-tools', { hostNetwork: true })));
  await applyManifests(
    admin,
    JSON.stringify(
      deployment('bookinfo', 'batch-export', { labels: { 'sidecar.istio.io/inject': 'false' } }),
    ),
  );
  await waitForPods(core, 'bookinfo', 'app=productpage', 1);
  await waitForPods(core, 'bookinfo', 'app=reviews', 1);
  await new Promise((r) => setTimeout(r, 1100)); // managedFields times have one-second resolution
  await objects.labelNamespace('bookinfo', { 'istio-injection': 'enabled' });
  // Recreate productpage's pods only (a rollout would wait for readiness no kubelet reports):
  // its ReplicaSet replaces them, and the webhook injects the new ones.
  const old = await core.listNamespacedPod({ namespace: 'bookinfo', labelSelector: 'app=productpage' });
  for (const p of old.items)
    await core.deleteNamespacedPod({
      name: p.metadata?.name ?? '',
      namespace: 'bookinfo',
      gracePeriodSeconds: 0,
    });
  await ns('payments', { 'istio-injection': 'true' });
  await applyManifests(admin, JSON.stringify(deployment('payments', 'checkout')));
  await ns('legacy', { 'istio.io/rev': '1-22' });
  await applyManifests(admin, JSON.stringify(deployment('legacy', 'ledger')));
  await ns('shop', { 'istio.io/dataplane-mode': 'ambient' });
  await applyManifests(admin, JSON.stringify(deployment('shop', 'cart')));
  // The restarted productpage: wait until only injected pods remain.
  for (let i = 0; i < 150; i++) {
    const pods = await core.listNamespacedPod({ namespace: 'bookinfo', labelSelector: 'app=productpage' });
    const injected = pods.items.filter((p) =>
      (p.spec?.initContainers ?? []).concat(p.spec?.containers ?? []).some((c) => c.name === 'istio-proxy'),
    );
    if (injected.length > 0 && injected.length === pods.items.length) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const [n, app] of [
    ['bookinfo', 'debug-tools'],
    ['bookinfo', 'batch-export'],
    ['payments', 'checkout'],
    ['legacy', 'ledger'],
    ['shop', 'cart'],
  ] as const) {
    await waitForPods(core, n, `app=${app}`, 1);
  }
}

async function waitForPods(
  core: CoreV1Api,
  namespace: string,
  labelSelector: string,
  count: number,
): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const pods = await core.listNamespacedPod({ namespace, labelSelector });
    if (pods.items.length >= count) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `no pods for ${labelSelector} in ${namespace} after 60 s (is kube-controller-manager running?)`,
  );
}
