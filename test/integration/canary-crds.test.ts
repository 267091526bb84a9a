import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { resourceKinds, resourceOfManifest } from '../../src/kube/resource-kinds.ts';
import { AnalysisRunSchema, ArgoRolloutSchema, FlaggerCanarySchema } from '../../src/schemas/rollouts.ts';
import { clusterObjects } from './harness/cluster-objects.ts';
import { controllerCrdFiles } from './harness/controller-crds.ts';

// Our canary fixtures (test/fixtures/canary/<scenario>/) through the real API server, where
// Flagger's and Argo Rollouts' real CRDs (Go module cache, versions pinned in scripts/build-cluster)
// are installed by the control plane: every object is created with fieldValidation=Strict (an
// unknown field is an error, not silently pruned), status goes through /status where the resource
// has that subresource, and the controllers' objects read back exactly as written. A few
// deliberately wrong objects prove the schemas are enforced.

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    ownerReferences?: { uid: string }[];
  };
  status?: unknown;
  [k: string]: unknown;
};

const fixturesDir = fileURLToPath(new URL('../fixtures/canary/', import.meta.url));
const scenarios = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function loadScenario(dir: string): Obj[] {
  return readdirSync(join(fixturesDir, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) =>
      parseAllDocuments(readFileSync(join(fixturesDir, dir, f), 'utf8')).map((d) => {
        if (d.errors.length) throw new Error(`${dir}/${f}: ${d.errors[0]?.message}`);
        return d.toJS() as Obj;
      }),
    );
}

/** Where each kind lives; `status`: the resource has a status subresource (status is written there). */
const resources: Record<string, { path: string; plural: string; namespaced: boolean; status: boolean }> = {
  Namespace: { path: 'api/v1', plural: 'namespaces', namespaced: false, status: true },
  Pod: { path: 'api/v1', plural: 'pods', namespaced: true, status: true },
  Service: { path: 'api/v1', plural: 'services', namespaced: true, status: true },
  Event: { path: 'api/v1', plural: 'events', namespaced: true, status: false },
  Deployment: { path: 'apis/apps/v1', plural: 'deployments', namespaced: true, status: true },
  ReplicaSet: { path: 'apis/apps/v1', plural: 'replicasets', namespaced: true, status: true },
  EndpointSlice: {
    path: 'apis/discovery.k8s.io/v1',
    plural: 'endpointslices',
    namespaced: true,
    status: false,
  },
  VirtualService: {
    path: 'apis/networking.istio.io/v1',
    plural: 'virtualservices',
    namespaced: true,
    status: true,
  },
  DestinationRule: {
    path: 'apis/networking.istio.io/v1',
    plural: 'destinationrules',
    namespaced: true,
    status: true,
  },
  Gateway: { path: 'apis/networking.istio.io/v1', plural: 'gateways', namespaced: true, status: true },
  // flagger.app canaries: subresources.status (crd.yaml); argoproj.io rollouts: status and scale;
  // analysisruns: no subresources, so their status is part of the object.
  Canary: { path: 'apis/flagger.app/v1beta1', plural: 'canaries', namespaced: true, status: true },
  Rollout: { path: 'apis/argoproj.io/v1alpha1', plural: 'rollouts', namespaced: true, status: true },
  AnalysisRun: { path: 'apis/argoproj.io/v1alpha1', plural: 'analysisruns', namespaced: true, status: false },
};
/** Creation order: owners before what they own (their real UIDs replace the fixtures' fake ones). */
const order = [
  'Namespace',
  'Canary',
  'Rollout',
  'Deployment',
  'ReplicaSet',
  'Pod',
  'Service',
  'EndpointSlice',
];
const rank = (kind: string) => (order.includes(kind) ? order.indexOf(kind) : order.length);

type Answer = { status: number; body: { message?: string; [k: string]: unknown } };

let kc: KubeConfig;
async function call(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<Answer> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('no current cluster in the kubeconfig');
  const url = new URL(path, cluster.server);
  const options: Parameters<typeof request>[1] = {
    method,
    headers: { 'Content-Type': contentType, Accept: 'application/json' },
  };
  await kc.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const req = request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Answer['body'] });
        } catch {
          resolve({ status: res.statusCode ?? 0, body: { message: text } });
        }
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

function collectionPath(o: Obj): string {
  const r = resources[o.kind];
  if (!r) throw new Error(`no resource for kind ${o.kind} (add it to the table in this test)`);
  return `/${r.path}/${r.namespaced ? `namespaces/${o.metadata.namespace}/` : ''}${r.plural}`;
}

/** Creates the object (Strict field validation), then writes its status through /status if it has one. */
async function createWithStatus(o: Obj, dryRun = false): Promise<Answer> {
  const r = resources[o.kind];
  const { status, ...rest } = o;
  const split = !!r?.status && status !== undefined;
  const query = `?fieldValidation=Strict${dryRun ? '&dryRun=All' : ''}`;
  const created = await call('POST', `${collectionPath(o)}${query}`, split ? rest : o);
  if (created.status >= 300 || !split || dryRun) return created;
  return call(
    'PATCH',
    `${collectionPath(o)}/${o.metadata.name}/status${query}`,
    { status },
    'application/merge-patch+json',
  );
}

/** The fixtures' namespaces become one per scenario, so scenarios that share names do not collide. */
function rename(objects: Obj[], scenario: string): Obj[] {
  const ns = (name: string) => `${scenario}-${name}`.slice(0, 63);
  return structuredClone(objects).map((o) => {
    if (o.kind === 'Namespace') {
      o.metadata.name = ns(o.metadata.name);
      if (o.metadata.labels) o.metadata.labels['kubernetes.io/metadata.name'] = o.metadata.name;
    }
    if (o.metadata.namespace) o.metadata.namespace = ns(o.metadata.namespace);
    const involved = o.involvedObject as { namespace?: string } | undefined;
    if (involved?.namespace) involved.namespace = ns(involved.namespace);
    for (const e of (o.endpoints as { targetRef?: { namespace?: string } }[] | undefined) ?? [])
      if (e.targetRef?.namespace) e.targetRef.namespace = ns(e.targetRef.namespace);
    return o;
  });
}

/** Fixture UID → the UID the API server gave that object, for owner and involved-object references. */
function relink(o: Obj, uids: Map<string, string>): Obj {
  for (const ref of o.metadata.ownerReferences ?? []) ref.uid = uids.get(ref.uid) ?? ref.uid;
  const involved = o.involvedObject as { uid?: string } | undefined;
  if (involved?.uid) involved.uid = uids.get(involved.uid) ?? involved.uid;
  for (const e of (o.endpoints as { targetRef?: { uid?: string } }[] | undefined) ?? [])
    if (e.targetRef?.uid) e.targetRef.uid = uids.get(e.targetRef.uid) ?? e.targetRef.uid;
  return o;
}

describe('canary fixtures parse with meshdoc schemas', () => {
  it.each(scenarios)('%s', (scenario) => {
    const objects = loadScenario(scenario);
    const controllers = objects.filter((o) => ['Canary', 'Rollout', 'AnalysisRun'].includes(o.kind));
    expect(controllers.length, 'a Canary or Rollout in every scenario').toBeGreaterThan(0);
    for (const o of objects) {
      const where = `${scenario}: ${o.kind} ${o.metadata.name}`;
      const schema =
        o.kind === 'Canary'
          ? FlaggerCanarySchema
          : o.kind === 'Rollout'
            ? ArgoRolloutSchema
            : o.kind === 'AnalysisRun'
              ? AnalysisRunSchema
              : undefined;
      if (schema) expect(schema.safeParse(o).error?.message, where).toBeUndefined();
      const resource = resourceOfManifest(o.kind, o.apiVersion);
      if (resource) expect(resourceKinds[resource].schema.safeParse(o).error?.message, where).toBeUndefined();
    }
  });
});

describe("canary fixtures through Flagger's and Argo Rollouts' real CRDs", () => {
  beforeAll(() => {
    kc = new KubeConfig();
    kc.loadFromFile(inject('kubeconfig'));
  });

  it('serves the pinned CRDs from the Go module cache', async () => {
    const files = await controllerCrdFiles();
    expect(files.versions).toEqual({ flagger: 'v1.36.1', argo: 'v1.8.3' });
    for (const name of ['canaries.flagger.app', 'rollouts.argoproj.io', 'analysisruns.argoproj.io']) {
      const crd = await call('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
      expect(crd.status, name).toBe(200);
      const conditions = (crd.body.status as { conditions: { type: string; status: string }[] }).conditions;
      expect(conditions.find((c) => c.type === 'Established')?.status, name).toBe('True');
    }
  });

  it.each(scenarios)('%s: every object is accepted', async (scenario) => {
    const objects = rename(loadScenario(scenario), scenario).sort((a, b) => rank(a.kind) - rank(b.kind));
    const objs = clusterObjects(kc);
    const uids = new Map<string, string>();
    for (const o of objects) {
      const fixtureUid = o.metadata.uid;
      if (o.kind === 'Namespace') {
        await objs.ensureNamespace(o.metadata.name, o.metadata.labels ?? {});
        continue;
      }
      relink(o, uids);
      const answer = await createWithStatus(o);
      expect(answer.status, `${scenario}: ${o.kind} ${o.metadata.name}: ${answer.body.message}`).toBeLessThan(
        300,
      );
      const uid = (answer.body.metadata as { uid?: string } | undefined)?.uid;
      if (fixtureUid && uid) uids.set(fixtureUid, uid);
      // The controllers' objects read back as written: nothing was pruned or defaulted away.
      if (['Canary', 'Rollout', 'AnalysisRun'].includes(o.kind)) {
        const read = await call('GET', `${collectionPath(o)}/${o.metadata.name}`);
        expect(read.body.spec, `${o.kind} ${o.metadata.name} spec`).toEqual(o.spec);
        expect(read.body.status, `${o.kind} ${o.metadata.name} status`).toEqual(o.status);
      }
    }
  });

  describe('the schemas are enforced', () => {
    const flaggerProgressing = () => rename(loadScenario('flagger-progressing'), 'flagger-progressing');
    const argoPaused = () => rename(loadScenario('argo-subset-paused'), 'argo-subset-paused');
    const find = (objects: Obj[], kind: string) => {
      const o = objects.find((x) => x.kind === kind);
      if (!o) throw new Error(`no ${kind}`);
      o.metadata.name = `${o.metadata.name}-invalid`;
      return o;
    };

    it('a Canary whose analysis has no threshold is rejected (spec.analysis oneOf requires it)', async () => {
      const canary = find(flaggerProgressing(), 'Canary');
      delete (canary.spec as { analysis: { threshold?: number } }).analysis.threshold;
      const answer = await createWithStatus(canary, true);
      expect(answer.status).toBe(422);
      expect(answer.body.message).toMatch(/spec\.analysis.*threshold/s);
    });

    it('a Canary phase outside the enum is rejected on /status', async () => {
      const canary = find(flaggerProgressing(), 'Canary');
      (canary.status as { phase: string }).phase = 'Paused';
      const answer = await createWithStatus(canary);
      expect(answer.status).toBe(422);
      expect(answer.body.message).toContain('status.phase: Unsupported value: "Paused"');
    });

    it('a Rollout with setWeight as a string is rejected', async () => {
      const rollout = find(argoPaused(), 'Rollout');
      (rollout.spec as { strategy: { canary: { steps: unknown[] } } }).strategy.canary.steps[0] = {
        setWeight: '20',
      };
      const answer = await createWithStatus(rollout, true);
      expect(answer.status).toBe(422);
      expect(answer.body.message).toContain(
        'spec.strategy.canary.steps[0].setWeight: Invalid value: "string"',
      );
    });

    it('a field the Rollout CRD does not know is an error under Strict validation, not pruned', async () => {
      const rollout = find(argoPaused(), 'Rollout');
      const istio = (
        rollout.spec as { strategy: { canary: { trafficRouting: { istio: Record<string, unknown> } } } }
      ).strategy.canary.trafficRouting.istio;
      istio.virtualService = { ...(istio.virtualService as object), weight: 20 };
      const answer = await createWithStatus(rollout, true);
      expect(answer.status).toBe(400);
      expect(answer.body.message).toContain(
        'unknown field "spec.strategy.canary.trafficRouting.istio.virtualService.weight"',
      );
    });

    it('an AnalysisRun status without a phase is rejected', async () => {
      const objects = rename(loadScenario('argo-aborted'), 'argo-aborted');
      const run = find(objects, 'AnalysisRun');
      delete (run.status as { phase?: string }).phase;
      const answer = await createWithStatus(run, true);
      expect(answer.status).toBe(422);
      expect(answer.body.message).toContain('status.phase: Required value');
    });
  });
});
