import { afterEach, describe, expect, it } from 'vitest';
import { ForbiddenError, MeshdocError, NotInFilesError } from '../../src/errors.ts';
import { FileKubeReader } from '../../src/gatherers/files/file-kube-reader.ts';
import type { Manifest } from '../../src/gatherers/files/load-manifests.ts';
import { LiveKubeReader } from '../../src/gatherers/kube/live-kube-reader.ts';
import { apiVersionOf, type ResourceName, resourceKinds } from '../../src/kube/resource-kinds.ts';
import { FakeKubeApi, type Obj } from '../helpers/fake-kube-api.ts';

let api: FakeKubeApi | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

async function live(
  objects: Obj[],
  options: { pageSize?: number; maxListItems?: number; forbid?: string[] } = {},
) {
  api = new FakeKubeApi({ objects, ...(options.forbid ? { forbid: options.forbid } : {}) });
  const server = await api.start();
  return new LiveKubeReader({ kubeConfig: api.kubeConfig(server), timeoutMs: 5000, ...options });
}

/** Fields each resource's schema reads, so "equal" compares more than names. */
const bodies: Record<ResourceName, Record<string, unknown>> = {
  pod: { spec: { containers: [{ name: 'app', image: 'shop:1' }] }, status: { phase: 'Running' } },
  namespace: {},
  deployment: {
    spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } } } },
  },
  statefulset: {
    spec: { selector: { matchLabels: { app: 's' } }, template: { metadata: { labels: { app: 's' } } } },
  },
  daemonset: {
    spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } } } },
  },
  mutatingWebhookConfiguration: {
    webhooks: [{ name: 'namespace.sidecar-injector.istio.io', clientConfig: {} }],
  },
  configMap: { data: { config: 'policy: enabled' } },
  service: { spec: { selector: { app: 'a' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } },
  endpointSlice: {
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true } }],
  },
  virtualService: {
    spec: { hosts: ['a'], http: [{ route: [{ destination: { host: 'a', subset: 'v1' } }] }] },
  },
  destinationRule: { spec: { host: 'a', subsets: [{ name: 'v1', labels: { version: 'v1' } }] } },
  peerAuthentication: { spec: { mtls: { mode: 'STRICT' } } },
  serviceEntry: { spec: { hosts: ['api.example.com'] } },
  flaggerCanary: { spec: { targetRef: { kind: 'Deployment', name: 'a' } }, status: { phase: 'Progressing' } },
  argoRollout: {
    spec: { strategy: { canary: { canaryService: 'a-canary' } } },
    status: { phase: 'Healthy' },
  },
  analysisRun: {
    spec: { metrics: [{ name: 'success-rate', failureLimit: 3 }] },
    status: { phase: 'Failed', metricResults: [{ name: 'success-rate', failed: 4 }] },
  },
  replicaSet: {
    spec: { selector: { matchLabels: { app: 'r' } }, template: { metadata: { labels: { app: 'r' } } } },
    status: { replicas: 2, readyReplicas: 1 },
  },
  event: {
    involvedObject: { kind: 'Canary', name: 'a' },
    reason: 'Synced',
    message: 'Advance a canary weight 10',
  },
  gateway: { spec: { selector: { istio: 'ingressgateway' }, servers: [{ hosts: ['*'] }] } },
  horizontalPodAutoscaler: {
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'a' } },
    status: { currentReplicas: 2, desiredReplicas: 3 },
  },
};

/** Two objects of every resource in the table: one in "shop" (or cluster-scoped), one elsewhere. */
function everyResource(): Obj[] {
  return (Object.keys(resourceKinds) as ResourceName[]).flatMap((name) => {
    const r = resourceKinds[name];
    return ['shop', 'other'].map((ns, i) => ({
      apiVersion: apiVersionOf(name),
      kind: r.kind,
      metadata: {
        name: `${name.toLowerCase()}-${i}`,
        ...(r.namespaced ? { namespace: ns } : {}),
        labels: { tier: i === 0 ? 'front' : 'back' },
        creationTimestamp: '2030-01-01T00:00:00Z',
      },
      ...bodies[name],
    }));
  });
}

describe('the generic reader: live API and --from files give the same objects', () => {
  it('for every resource in the table: get, list in a namespace, list with a label selector', async () => {
    const objects = everyResource();
    const files = new FileKubeReader(objects as Manifest[], 'files:test');
    const reader = await live(objects);
    for (const name of Object.keys(resourceKinds) as ResourceName[]) {
      const ns = resourceKinds[name].namespaced ? 'shop' : undefined;
      const liveList = await reader.list(name, ns);
      expect(liveList.length, name).toBe(ns ? 1 : 2);
      expect(await files.list(name, ns), name).toEqual(liveList);
      const selected = await reader.list(name, undefined, { labelSelector: 'tier=back' });
      expect(
        selected.map((o) => o.metadata.name),
        name,
      ).toEqual([`${name.toLowerCase()}-1`]);
      expect(await files.list(name, undefined, { labelSelector: 'tier=back' }), name).toEqual(selected);
      const one = await reader.get(name, ns, `${name.toLowerCase()}-0`);
      expect(await files.get(name, ns, `${name.toLowerCase()}-0`), name).toEqual(one);
    }
    // The schema narrowed what it reads, and kept the rest (loose objects).
    const [vs] = await reader.list('virtualService', 'shop');
    expect(vs?.spec.http?.[0]?.route?.[0]?.destination?.subset).toBe('v1');
  });

  it('reads custom resources at their group paths', async () => {
    const reader = await live(everyResource());
    await reader.list('virtualService', 'shop');
    await reader.get('flaggerCanary', 'shop', 'flaggercanary-0');
    await reader.list('argoRollout', 'shop');
    expect(api?.requests).toEqual([
      'GET /apis/networking.istio.io/v1/namespaces/shop/virtualservices?limit=500',
      'GET /apis/flagger.app/v1beta1/namespaces/shop/canaries/flaggercanary-0',
      'GET /apis/argoproj.io/v1alpha1/namespaces/shop/rollouts?limit=500',
    ]);
  });

  it('a forbidden custom resource names verb and group-qualified resource', async () => {
    const reader = await live(everyResource(), { forbid: ['list peerauthentications'] });
    const error = await reader.list('peerAuthentication', 'shop').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).userMessage).toContain(
      'lacks verb "list" on resource "peerauthentications.security.istio.io"',
    );
  });
});

describe('shapes', () => {
  it('an object that fails its resource schema is an unexpected_output error, live and from files', async () => {
    const bad: Obj = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'shop' },
      data: 5,
    };
    const reader = await live([bad]);
    const error = await reader.list('configMap', 'shop').catch((e: unknown) => e);
    expect((error as MeshdocError).code).toBe('unexpected_output');
    expect((error as MeshdocError).userMessage).toBe(
      'The API server returned a list of configmaps in a shape meshdoc does not understand.',
    );
    const files = new FileKubeReader([bad as Manifest], 'files:x');
    await expect(files.get('configMap', 'shop', 'c')).rejects.toMatchObject({ code: 'bad_input_file' });
  });
});

describe('paging', () => {
  const configMaps = (n: number): Obj[] =>
    Array.from({ length: n }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${i}`, namespace: 'shop' },
    }));

  it('follows continue tokens until the list is complete', async () => {
    const reader = await live(configMaps(7), { pageSize: 3 });
    const items = await reader.list('configMap', 'shop');
    expect(items.map((c) => c.metadata.name)).toEqual(configMaps(7).map((c) => c.metadata.name));
    expect(api?.requests).toEqual([
      'GET /api/v1/namespaces/shop/configmaps?limit=3',
      'GET /api/v1/namespaces/shop/configmaps?limit=3&continue=3',
      'GET /api/v1/namespaces/shop/configmaps?limit=3&continue=6',
    ]);
  });

  it('stops at the caller limit, asking only for what is left', async () => {
    const reader = await live(configMaps(7), { pageSize: 3 });
    const items = await reader.list('configMap', 'shop', { limit: 4 });
    expect(items).toHaveLength(4);
    expect(api?.requests).toEqual([
      'GET /api/v1/namespaces/shop/configmaps?limit=3',
      'GET /api/v1/namespaces/shop/configmaps?limit=1&continue=3',
    ]);
  });

  it('refuses to cut a list without a limit short past the total cap', async () => {
    const reader = await live(configMaps(7), { pageSize: 3, maxListItems: 5 });
    const error = await reader.list('configMap', 'shop').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshdocError);
    expect((error as MeshdocError).userMessage).toContain('more than 5 configmaps in namespace "shop"');
  });
});

describe('--from files: "not in the files" is not "none exist"', () => {
  const vs = (namespace: string): Manifest => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'vs', namespace },
  });

  it('a resource the files hold no object of throws NotInFilesError naming the kubectl to save it', async () => {
    const files = new FileKubeReader([vs('other')], 'files:x');
    const error = await files.list('destinationRule', 'shop').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotInFilesError);
    expect((error as NotInFilesError).saveWith).toBe(
      'kubectl get destinationrules.networking.istio.io -n shop -o yaml',
    );
  });

  it('a get of a resource the files hold nothing of is not-in-files too; a missing object is not_found', async () => {
    const files = new FileKubeReader([vs('other')], 'files:x');
    const error = await files
      .get('configMap', 'istio-system', 'istio-sidecar-injector')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotInFilesError);
    expect((error as NotInFilesError).saveWith).toBe(
      'kubectl get configmaps istio-sidecar-injector -n istio-system -o yaml',
    );
    const absent = await files.get('virtualService', 'shop', 'vs').catch((e: unknown) => e);
    expect(absent).toBeInstanceOf(MeshdocError);
    expect(absent).not.toBeInstanceOf(NotInFilesError);
    expect((absent as MeshdocError).code).toBe('not_found');
  });

  it('a resource the files hold, but none in this namespace, is an empty list', async () => {
    const files = new FileKubeReader([vs('other')], 'files:x');
    expect(await files.list('virtualService', 'shop')).toEqual([]);
  });

  it('matches the API group, not only the kind', async () => {
    const files = new FileKubeReader(
      [{ apiVersion: 'example.com/v1', kind: 'Canary', metadata: { name: 'c', namespace: 'shop' } }],
      'files:x',
    );
    await expect(files.list('flaggerCanary', 'shop')).rejects.toBeInstanceOf(NotInFilesError);
  });
});
