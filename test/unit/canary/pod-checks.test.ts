import { describe, expect, it } from 'vitest';
import { callersOutsideMesh } from '../../../src/diagnostics/canary/checks/pods/callers-outside-mesh.ts';
import { canaryNotReady } from '../../../src/diagnostics/canary/checks/pods/canary-not-ready.ts';
import { hpaScaling } from '../../../src/diagnostics/canary/checks/pods/hpa-scaling.ts';
import { injectionOff, noSidecar } from '../../../src/diagnostics/canary/checks/pods/no-sidecar.ts';
import { noVersionLabel } from '../../../src/diagnostics/canary/checks/pods/no-version-label.ts';
import { podChecks } from '../../../src/diagnostics/canary/checks/pods/pod-checks.ts';
import { podTrouble } from '../../../src/diagnostics/canary/checks/pods/pod-trouble.ts';
import { stableNotReady } from '../../../src/diagnostics/canary/checks/pods/stable-not-ready.ts';
import { PodSchema } from '../../../src/schemas/kube.ts';
import {
  argoRollout,
  argoScene,
  event,
  flaggerCanary,
  flaggerScene,
  hpa,
  namespace,
  only,
  run,
  severitiesOf,
} from '../../helpers/canary-controller-scenes.ts';
import { canaryInput, metrics, pod, version, versionMetrics } from '../../helpers/canary-input.ts';
import { expectCheckList } from '../../helpers/expect-check-list.ts';

const crashing = (name: string) =>
  PodSchema.parse({
    metadata: { name, namespace: 'shop', labels: { app: 'checkout', version: 'v2' } },
    spec: { containers: [{ name: 'app' }, { name: 'istio-proxy', image: 'istio/proxyv2:1.26.0' }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 7,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { reason: 'OOMKilled' } },
        },
        { name: 'istio-proxy', ready: true, restartCount: 0, state: { running: {} } },
      ],
    },
  });

/** The §8.9 fixture: the canary in CrashLoop at 30 %. */
const crashLoopAt30 = () =>
  canaryInput({
    canary: version('canary', {
      pods: [crashing('checkout-v2-a'), crashing('checkout-v2-b')],
      workload: {
        ...(version('canary').workload as NonNullable<ReturnType<typeof version>['workload']>),
        ready: 0,
        available: 0,
      },
    }),
  });

describe('pod checks registry', () => {
  it('is sorted by id with the fixed codes', () => {
    expectCheckList(
      podChecks,
      ['MESH0421', 'MESH0422', 'MESH0423', 'MESH0424', 'MESH0425', 'MESH0426'],
      /^P0\d · /,
    );
  });
  it('the healthy scene passes every pod check it judges', () => {
    for (const c of podChecks) for (const f of run(c, canaryInput())) expect(f.severity).toBe('pass');
  });
});

describe('P01 canary-not-ready', () => {
  it('errors for the canary in CrashLoop at 30 %, naming the worst reason and restarts', () => {
    const f = only(canaryNotReady, crashLoopAt30());
    expect(f.severity).toBe('error');
    expect(f.code).toBe('MESH0421');
    expect(f.message).toContain('0/2');
    expect(f.message).toContain('CrashLoopBackOff');
    expect(f.message).toContain('OOMKilled');
    expect(f.message).toContain('30%');
    expect(f.facts.find((x) => x.label === 'restarts')?.value).toBe('14');
    expect(f.fix?.command).toBe('kubectl logs checkout-v2-a -n shop -c app --previous');
  });
  it('warns at weight 0 with no controller', () => {
    const input = crashLoopAt30();
    const canary = { ...(input.canary as NonNullable<typeof input.canary>), effectiveWeight: 0, vsWeight: 0 };
    expect(severitiesOf(canaryNotReady, { ...input, canary })).toEqual(['warning']);
  });
  it('is silent at weight 0 after a Flagger rollback', () => {
    const input = flaggerScene(flaggerCanary({ status: { phase: 'Failed', canaryWeight: 0 } }));
    const canary = { ...(input.canary as NonNullable<typeof input.canary>), pods: [crashing('checkout-x')] };
    expect(run(canaryNotReady, { ...input, canary })).toEqual([]);
  });
  it('reports an image pull failure with describe, and Flagger’s own words', () => {
    const input = flaggerScene(flaggerCanary(), [
      event(
        'canary deployment checkout.shop not ready: waiting for rollout to finish: 0 of 2 updated replicas are available',
      ),
    ]);
    const canary = {
      ...(input.canary as NonNullable<typeof input.canary>),
      pods: [pod('checkout-abc', { app: 'checkout' }, { ready: false, waiting: 'ImagePullBackOff' })],
    };
    const f = only(canaryNotReady, { ...input, canary });
    expect(f.severity).toBe('error');
    expect(f.message).toContain('ImagePullBackOff');
    expect(f.fix?.command).toBe('kubectl describe pod checkout-abc -n shop');
    expect(f.facts.find((x) => x.label === 'Flagger')?.value).toContain('waiting for rollout to finish');
  });
  it('reads a running-but-unready container as a failing readiness probe', () => {
    const p = pod('p', { app: 'checkout' }, { ready: false });
    expect(podTrouble(p)?.reason).toBe('readiness probe failing');
  });
  it('passes a ready canary; nothing for a canary scaled to zero or absent', () => {
    expect(severitiesOf(canaryNotReady, canaryInput())).toEqual(['pass']);
    expect(run(canaryNotReady, canaryInput({ canary: undefined }))).toEqual([]);
    const base = version('canary');
    const zero = version('canary', {
      pods: [],
      workload: {
        ...(base.workload as NonNullable<typeof base.workload>),
        desired: 0,
        ready: 0,
        available: 0,
      },
    });
    expect(run(canaryNotReady, canaryInput({ canary: zero }))).toEqual([]);
  });
});

describe('P02 stable-not-ready', () => {
  it('errors when the primary has fewer ready replicas than desired', () => {
    const input = flaggerScene(flaggerCanary());
    const st = input.stable as NonNullable<typeof input.stable>;
    const stable = {
      ...st,
      pods: [
        st.pods[0] as NonNullable<(typeof st.pods)[0]>,
        pod(
          'checkout-primary-x',
          { app: 'checkout' },
          { ready: false, waiting: 'CrashLoopBackOff', restarts: 3 },
        ),
      ],
      workload: { ...(st.workload as NonNullable<typeof st.workload>), ready: 1 },
    };
    const f = only(stableNotReady, { ...input, stable });
    expect(f.severity).toBe('error');
    expect(f.message).toMatch(/^Primary checkout-primary is not ready: 1\/2/);
  });
  it('passes a ready stable', () => {
    expect(severitiesOf(stableNotReady, canaryInput())).toEqual(['pass']);
  });
});

describe('P03 no-sidecar', () => {
  const bare = [
    pod('checkout-v2-a', { app: 'checkout', version: 'v2' }, { sidecar: false }),
    pod('checkout-v2-b', { app: 'checkout', version: 'v2' }, { sidecar: false }),
  ];
  it('warns for canary pods without a sidecar, naming the namespace label that turned it off', () => {
    const f = only(
      noSidecar,
      canaryInput({
        canary: version('canary', { pods: bare }),
        namespaceObject: namespace({ 'istio-injection': 'disabled' }),
      }),
    );
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('2 of 2 canary pods');
    expect(f.message).toContain('istio-injection=disabled');
    expect(f.fix?.command).toBe('kubectl label namespace shop istio-injection=enabled --overwrite');
  });
  it('names a pod label that turns injection off, and restarts the workload', () => {
    const p = pod(
      'checkout-v2-a',
      { app: 'checkout', version: 'v2', 'sidecar.istio.io/inject': 'false' },
      { sidecar: false },
    );
    const f = only(
      noSidecar,
      canaryInput({
        canary: version('canary', { pods: [p] }),
        namespaceObject: namespace({ 'istio-injection': 'enabled' }),
      }),
    );
    expect(f.message).toContain('sidecar.istio.io/inject=false');
    expect(f.fix?.command).toBe('kubectl rollout restart deployment/checkout-v2 -n shop');
  });
  it('counts a native sidecar (istio-proxy init container) as a sidecar', () => {
    const native = PodSchema.parse({
      metadata: { name: 'n', namespace: 'shop', labels: { app: 'checkout', version: 'v2' } },
      spec: {
        containers: [{ name: 'app' }],
        initContainers: [{ name: 'istio-proxy', restartPolicy: 'Always' }],
      },
      status: { phase: 'Running' },
    });
    expect(severitiesOf(noSidecar, canaryInput({ canary: version('canary', { pods: [native] }) }))).toEqual([
      'pass',
    ]);
  });
  it('says nothing without pods', () => {
    expect(
      run(
        noSidecar,
        canaryInput({ canary: version('canary', { pods: [] }), stable: version('stable', { pods: [] }) }),
      ),
    ).toEqual([]);
  });
  it('reads the namespace without an injection label', () => {
    expect(injectionOff(bare[0] as NonNullable<(typeof bare)[0]>, namespace({}))).toContain(
      'neither istio-injection=enabled',
    );
  });
});

describe('P04 callers-outside-mesh', () => {
  it('warns when the destination side sees more than 1.2× what callers sent', () => {
    const m = metrics({
      canary: versionMetrics({ destinationRequests: 500, sourceRequests: 300, requests: 500 }),
    });
    const f = only(callersOutsideMesh, canaryInput({ metrics: m }));
    expect(f.severity).toBe('warning');
    expect(f.facts[0]?.value).toContain('500 seen by its sidecars vs 300');
  });
  it('warns on requests from source unknown', () => {
    const m = metrics({ stable: versionMetrics({ unknownSourceRequests: 12 }) });
    expect(severitiesOf(callersOutsideMesh, canaryInput({ metrics: m }))).toEqual(['warning']);
  });
  it('passes when the volumes agree; nothing without metrics or traffic', () => {
    expect(severitiesOf(callersOutsideMesh, canaryInput())).toEqual(['pass']);
    expect(run(callersOutsideMesh, canaryInput({ metrics: undefined }))).toEqual([]);
    const none = versionMetrics({ destinationRequests: 0, sourceRequests: 0, requests: 0 });
    expect(
      run(callersOutsideMesh, canaryInput({ metrics: metrics({ stable: none, canary: none }) })),
    ).toEqual([]);
  });
  it('does not judge the canary ratio while a mirror inflates it', () => {
    const m = metrics({
      canary: versionMetrics({ destinationRequests: 900, sourceRequests: 300, requests: 900 }),
    });
    const input = flaggerScene(flaggerCanary({ analysis: { mirror: true } }), [], { metrics: m });
    expect(severitiesOf(callersOutsideMesh, input)).toEqual(['pass']);
  });
});

describe('P05 no-version-label', () => {
  it('warns in Argo subset mode with the per-revision advice', () => {
    const input = argoScene(argoRollout(), {
      over: {
        stable: version('stable', { versionLabel: undefined }),
        canary: version('canary', { versionLabel: undefined }),
      },
    });
    const f = only(noVersionLabel, input);
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('add a per-revision `version` label');
    expect(f.message).toContain('rollouts-pod-template-hash');
    expect(f.fix?.command).toContain('"template":{"metadata":{"labels":{"version"');
    expect(f.fix?.command).not.toContain('canaryMetadata');
  });
  it('warns in plain Istio when both versions carry the same value', () => {
    const f = only(noVersionLabel, canaryInput({ canary: version('canary', { versionLabel: 'v1' }) }));
    expect(f.message).toContain('the same version label (v1)');
  });
  it('passes distinct labels, and Flagger which tells versions apart by workload', () => {
    expect(severitiesOf(noVersionLabel, canaryInput())).toEqual(['pass']);
    const input = flaggerScene(flaggerCanary());
    const same = {
      ...input,
      canary: { ...(input.canary as NonNullable<typeof input.canary>), versionLabel: undefined },
    };
    expect(severitiesOf(noVersionLabel, same)).toEqual(['pass']);
  });
  it('passes Argo subset mode with no canary in flight: both subsets on the stable ReplicaSet at weight 0 (as Argo leaves them once promoted)', () => {
    // Argo Rollouts v1.8.3, seen live (test/integration/argo-rollouts-controller.test.ts).
    const promoted = argoRollout({
      status: { phase: 'Healthy', currentPodHash: 'aaa', stableRS: 'aaa', currentStepIndex: 8 },
    });
    const onStable = (role: 'stable' | 'canary', effectiveWeight: number) =>
      version(role, {
        subset: role,
        subsetLabels: { app: 'checkout', 'rollouts-pod-template-hash': 'aaa' },
        versionLabel: 'v1',
        pods: version('stable').pods,
        vsWeight: effectiveWeight,
        effectiveWeight,
      });
    const input = argoScene(promoted, {
      over: { stable: onStable('stable', 100), canary: onStable('canary', 0) },
    });
    const f = only(noVersionLabel, input);
    expect(f.severity).toBe('pass');
    expect(f.message).toContain('No canary in flight');
    // The same labels with traffic on the canary subset: the warning stands.
    const weighted = argoScene(promoted, {
      over: { stable: onStable('stable', 80), canary: onStable('canary', 20) },
    });
    expect(only(noVersionLabel, weighted).severity).toBe('warning');
  });
});

describe('P06 hpa-scaling', () => {
  it('notes an HPA changing the canary mid-step', () => {
    const f = only(hpaScaling, canaryInput({ hpas: [hpa('checkout-v2', 2, 4)] }));
    expect(f.severity).toBe('info');
    expect(f.message).toContain('from 2 to 4');
  });
  it('follows Flagger’s primary', () => {
    expect(
      severitiesOf(hpaScaling, flaggerScene(flaggerCanary(), [], { hpas: [hpa('checkout-primary', 3, 2)] })),
    ).toEqual(['info']);
  });
  it('passes a settled HPA; nothing without one for the app', () => {
    expect(severitiesOf(hpaScaling, canaryInput({ hpas: [hpa('checkout-v1', 2, 2)] }))).toEqual(['pass']);
    expect(run(hpaScaling, canaryInput({ hpas: [hpa('other', 1, 5)] }))).toEqual([]);
  });
});
