import { describe, expect, it } from 'vitest';
import type { Need } from '../../src/core/evidence.ts';
import { ForbiddenError, MeshdocError, NotInFilesError } from '../../src/errors.ts';
import { type Gatherers, gatherEvidence } from '../../src/evidence/gather-evidence.ts';
import { NamespaceSchema } from '../../src/schemas/kube.ts';

const required = (...kinds: Need['kind'][]): Need[] => kinds.map((kind) => ({ kind, presence: 'required' }));
const namespace = NamespaceSchema.parse({ metadata: { name: 'shop' } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('gatherEvidence (the runner)', () => {
  it('never runs more gatherers at once than its concurrency bound', async () => {
    let active = 0;
    let peak = 0;
    const list = async () => {
      active++;
      peak = Math.max(peak, active);
      await sleep(20);
      active--;
      return [];
    };
    const kinds = [
      'services',
      'endpointSlices',
      'virtualServices',
      'destinationRules',
      'peerAuthentications',
    ] as const;
    const gatherers: Gatherers = Object.fromEntries(kinds.map((k) => [k, { gather: list }]));
    const bundle = await gatherEvidence(required(...kinds), gatherers, { concurrency: 2 });
    expect(peak).toBe(2);
    expect(Object.keys(bundle.values).sort()).toEqual([...kinds].sort());
    expect(bundle.missing).toEqual({});
  });

  it('a gatherer past its per-kind deadline is missing as timeout; the others still arrive', async () => {
    const bundle = await gatherEvidence(
      required('services', 'namespace'),
      {
        services: { gather: () => new Promise(() => {}) },
        namespace: { gather: async () => namespace },
      },
      { timeouts: { services: 30 } },
    );
    expect(bundle.missing.services).toEqual({
      reason: 'timeout',
      message: 'Gathering services took longer than 30 ms.',
    });
    expect(bundle.values.namespace?.metadata.name).toBe('shop');
  });

  it('a kind whose required kind failed is not_gathered, naming the failure', async () => {
    const bundle = await gatherEvidence(required('workloadPods'), {
      workload: {
        gather: () => Promise.reject(new MeshdocError('unreachable', 'Cannot reach the API server.')),
      },
      workloadPods: { requires: ['workload'], gather: async () => [] },
    });
    expect(bundle.missing.workload?.reason).toBe('unreachable');
    expect(bundle.missing.workloadPods).toEqual({
      reason: 'not_gathered',
      message: 'needs workload, which could not be gathered: Cannot reach the API server.',
    });
  });

  it('waits for a kind it uses and runs without it when that kind is missing', async () => {
    const seen: unknown[] = [];
    const bundle = await gatherEvidence(required('mutatingWebhooks', 'injectorConfigs'), {
      mutatingWebhooks: {
        gather: () => Promise.reject(new ForbiddenError('list', 'mutatingwebhookconfigurations', undefined)),
      },
      injectorConfigs: {
        uses: ['mutatingWebhooks'],
        async gather(ctx) {
          seen.push(ctx.value('mutatingWebhooks'));
          return {};
        },
      },
    });
    expect(seen).toEqual([undefined]);
    expect(bundle.values.injectorConfigs).toEqual({});
    // The forbidden message is kept verbatim: it is the RBAC advice.
    expect(bundle.missing.mutatingWebhooks).toEqual({
      reason: 'forbidden',
      message: new ForbiddenError('list', 'mutatingwebhookconfigurations', undefined).userMessage,
    });
    expect(bundle.missing.mutatingWebhooks?.message).toMatch(
      /lacks verb "list" on resource "mutatingwebhookconfigurations"/,
    );
  });

  it('offline, an optional kind the files do not hold is "none" with a note; a required one is missing', async () => {
    const notInFiles = () =>
      Promise.reject(
        new NotInFilesError(
          'VirtualService',
          'kubectl get virtualservices.networking.istio.io -n shop -o yaml',
        ),
      );
    const bundle = await gatherEvidence(
      [
        { kind: 'virtualServices', presence: 'optional' },
        { kind: 'destinationRules', presence: 'required' },
      ],
      {
        virtualServices: { gather: notInFiles, none: () => [] },
        destinationRules: { gather: notInFiles, none: () => [] },
      },
    );
    expect(bundle.values.virtualServices).toEqual([]);
    expect(bundle.assumed.virtualServices).toBe(
      'not in the files; assumed none (save them with: kubectl get virtualservices.networking.istio.io -n shop -o yaml)',
    );
    expect(bundle.missing.destinationRules?.reason).toBe('not_in_files');
    expect(bundle.missing.destinationRules?.message).toContain(
      'kubectl get virtualservices.networking.istio.io',
    );
    expect(Object.keys(bundle.missing)).toEqual(['destinationRules']);
  });

  it('a value that fails its kind schema is missing as malformed', async () => {
    const bundle = await gatherEvidence(required('namespace'), {
      namespace: { gather: async () => ({ metadata: {} }) as never },
    });
    expect(bundle.missing.namespace?.reason).toBe('malformed');
  });

  it('a needed kind without a gatherer is missing, not silently absent', async () => {
    const bundle = await gatherEvidence(required('argoRollouts'), {});
    expect(bundle.missing.argoRollouts?.reason).toBe('not_gathered');
  });

  it('a failed target aborts: no new gatherer starts, and the explained error is thrown', async () => {
    const started: string[] = [];
    const explained = new MeshdocError('not_found', 'Pod "x" was not found; did you mean y?');
    const run = gatherEvidence(
      required('pod', 'namespace', 'services'),
      {
        pod: { gather: () => Promise.reject(new MeshdocError('not_found', 'pods "x" not found')) },
        namespace: {
          async gather() {
            started.push('namespace');
            await sleep(10);
            return namespace;
          },
        },
        services: {
          requires: ['namespace'],
          async gather() {
            started.push('services');
            return [];
          },
        },
      },
      {
        targets: ['pod'],
        explainTargetFailure: async (kind, error, partial) => {
          expect(kind).toBe('pod');
          expect((error as MeshdocError).userMessage).toBe('pods "x" not found');
          expect(partial.values.namespace).toBeDefined();
          return explained;
        },
      },
    );
    await expect(run).rejects.toBe(explained);
    expect(started).toEqual(['namespace']);
  });
});
