import { afterEach, describe, expect, it } from 'vitest';
import type { Need } from '../../src/core/evidence.ts';
import { gatherBundle } from '../../src/gatherers/evidence/gather-bundle.ts';
import { FileKubeReader } from '../../src/gatherers/files/file-kube-reader.ts';
import type { Manifest } from '../../src/gatherers/files/load-manifests.ts';
import { LiveKubeReader } from '../../src/gatherers/kube/live-kube-reader.ts';
import { FakeKubeApi, type Obj } from '../helpers/fake-kube-api.ts';

const manifests: Manifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'shop' } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'data' } },
];
const scope = { namespace: 'shop', target: { kind: 'pod' as const, namespace: 'shop', name: 'web-1' } };

describe('Kubernetes gatherers over --from files', () => {
  it('gathers what the files hold; optional kinds they lack are "none" with a note, required ones missing', async () => {
    const needs: Need[] = [
      { kind: 'pod', presence: 'required' },
      { kind: 'services', presence: 'required' },
      { kind: 'peerAuthentications', presence: 'optional' },
      { kind: 'destinationRules', presence: 'required' },
    ];
    const bundle = await gatherBundle(new FileKubeReader(manifests, 'files:x'), scope, needs);
    expect(bundle.values.pod?.metadata.name).toBe('web-1');
    expect(bundle.values.services?.map((s) => s.metadata.name)).toEqual(['web']);
    expect(bundle.values.peerAuthentications).toEqual([]);
    expect(bundle.missing.destinationRules?.reason).toBe('not_in_files');
    expect(bundle.missing.destinationRules?.message).toBe(
      'The --from files hold no DestinationRule objects; save them with: kubectl get destinationrules.networking.istio.io -n shop -o yaml',
    );
    expect(bundle.assumed).toEqual({
      peerAuthentications:
        'not in the files; assumed none (save them with: kubectl get peerauthentications.security.istio.io -n shop -o yaml)',
    });
  });
});

describe('Kubernetes gatherers against a live API', () => {
  let api: FakeKubeApi | undefined;
  afterEach(async () => {
    await api?.stop();
    api = undefined;
  });

  it('a CRD the cluster does not serve is "none" for an optional need, not_found for a required one', async () => {
    api = new FakeKubeApi({ objects: manifests as Obj[], unserved: ['canaries', 'rollouts'] });
    const reader = new LiveKubeReader({ kubeConfig: api.kubeConfig(await api.start()), timeoutMs: 5000 });
    const bundle = await gatherBundle(reader, scope, [
      { kind: 'services', presence: 'required' },
      { kind: 'flaggerCanaries', presence: 'optional' },
      { kind: 'argoRollouts', presence: 'required' },
    ]);
    expect(bundle.values.services?.map((s) => s.metadata.name)).toEqual(['web']);
    expect(bundle.values.flaggerCanaries).toEqual([]);
    expect(bundle.assumed.flaggerCanaries).toBe(
      'the cluster does not serve canaries.flagger.app; assumed none',
    );
    expect(bundle.missing.argoRollouts).toEqual({
      reason: 'not_found',
      message: 'Cluster fake-cluster does not serve rollouts.argoproj.io (its CRD is not installed).',
    });
  });
});

describe('the namespaced list kinds', () => {
  const lists = {
    services: ['v1', 'Service'],
    endpointSlices: ['discovery.k8s.io/v1', 'EndpointSlice'],
    virtualServices: ['networking.istio.io/v1', 'VirtualService'],
    destinationRules: ['networking.istio.io/v1', 'DestinationRule'],
    peerAuthentications: ['security.istio.io/v1', 'PeerAuthentication'],
    flaggerCanaries: ['flagger.app/v1beta1', 'Canary'],
    argoRollouts: ['argoproj.io/v1alpha1', 'Rollout'],
  } as const;
  const kinds = Object.keys(lists) as (keyof typeof lists)[];

  it("each lists its own resource, in the target's namespace only", async () => {
    const objects: Manifest[] = [manifests[0] as Manifest, manifests[1] as Manifest];
    for (const kind of kinds) {
      const [apiVersion, k] = lists[kind];
      objects.push({ apiVersion, kind: k, metadata: { name: `${kind}-here`, namespace: 'shop' } });
      objects.push({ apiVersion, kind: k, metadata: { name: `${kind}-elsewhere`, namespace: 'data' } });
    }
    const needs: Need[] = kinds.map((kind) => ({ kind, presence: 'required' }));
    const bundle = await gatherBundle(new FileKubeReader(objects, 'files:x'), scope, needs);
    expect(bundle.missing).toEqual({});
    for (const kind of kinds)
      expect(
        bundle.values[kind]?.map((o) => o.metadata.name),
        kind,
      ).toEqual([`${kind}-here`]);
  });

  it('each is "none, assumed" when optional and not in the files', async () => {
    const needs: Need[] = kinds.map((kind) => ({ kind, presence: 'optional' }));
    const bundle = await gatherBundle(new FileKubeReader(manifests, 'files:x'), scope, needs);
    for (const kind of kinds) {
      expect(bundle.values[kind] ?? ['not gathered'], kind).toEqual(
        kind === 'services' ? [expect.anything()] : [],
      );
      if (kind !== 'services') expect(bundle.assumed[kind], kind).toContain('assumed none');
    }
  });
});
