import { describe, expect, it } from 'vitest';
import { canaryChecks } from '../../../src/diagnostics/canary/canary-checks.ts';
import type { CanaryInput } from '../../../src/diagnostics/canary/canary-input.ts';
import {
  type CanaryVerdict,
  canaryVerdicts,
  decideCanary,
  runCanaryChecks,
} from '../../../src/diagnostics/canary/decide-canary.ts';
import { canaryInput, metrics, version, versionMetrics } from '../../helpers/canary-input.ts';
import { cliJson } from '../../helpers/run-cli.ts';

// Every headline state of canary.md §8.4 is reached, by the real checks over a scene, and the
// order of §8.4/§8.4.1 holds (what outranks what; UNKNOWN only for a canary in progress).
const decide = (input: CanaryInput) => decideCanary(input, runCanaryChecks(canaryChecks, input));

function at(canaryWeight: number): Partial<CanaryInput> {
  const base = canaryInput();
  const split = base.split;
  if (!split) throw new Error('the base scene has a split');
  const stableWeight = 100 - canaryWeight;
  return {
    split: {
      ...split,
      destinations: [
        {
          ...(split.destinations[0] ?? { host: '', weight: 0, effective: 0 }),
          weight: stableWeight,
          effective: stableWeight / 100,
        },
        {
          ...(split.destinations[1] ?? { host: '', weight: 0, effective: 0 }),
          weight: canaryWeight,
          effective: canaryWeight / 100,
        },
      ],
    },
    stable: version('stable', { vsWeight: stableWeight, effectiveWeight: stableWeight }),
    canary: version('canary', { vsWeight: canaryWeight, effectiveWeight: canaryWeight }),
  };
}

const reached = new Set<CanaryVerdict>();
const expectVerdict = (input: CanaryInput, verdict: CanaryVerdict) => {
  const d = decide(input);
  expect(d.verdict, d.reason).toBe(verdict);
  reached.add(d.verdict);
  return d;
};

describe('canary status: the headline state (plain Istio scenes)', () => {
  it('progressing: routing, pods and health pass with enough traffic', () => {
    const d = expectVerdict(canaryInput(), 'progressing');
    expect(d.why).toEqual([]);
    expect(d.reason).toContain('30%');
  });

  it('failing: the canary answers 20% 5xx (the absolute limit), and says which finding decided', () => {
    const d = expectVerdict(
      canaryInput({
        metrics: metrics({
          canary: versionMetrics({
            requests: 300,
            destinationRequests: 300,
            sourceRequests: 300,
            errorShare: 0.2,
          }),
        }),
      }),
      'failing',
    );
    expect(d.why.length).toBeGreaterThan(0);
    expect(d.why.length).toBeLessThanOrEqual(3);
    expect(d.why.every((f) => f.severity === 'error')).toBe(true);
  });

  it('at-risk: the canary is worse than stable within the bands (p99 twice stable, no limit broken)', () => {
    expectVerdict(
      canaryInput({
        metrics: metrics({
          canary: versionMetrics({
            requests: 300,
            destinationRequests: 300,
            sourceRequests: 300,
            p99Ms: 400,
          }),
        }),
      }),
      'at-risk',
    );
  });

  it('misconfigured outranks failing: a routed subset no DestinationRule defines', () => {
    const input = canaryInput({
      rules: [],
      canary: version('canary', { subsetDefined: false, subsetLabels: undefined, pods: [] }),
      metrics: metrics({ canary: versionMetrics({ errorShare: 0.5 }) }),
    });
    expectVerdict(input, 'misconfigured');
  });

  it('unknown: in progress and Prometheus could not be asked — never "progressing" without evidence', () => {
    const d = expectVerdict(
      canaryInput({
        metrics: undefined,
        metricsWhy: 'no Prometheus is configured (set MESHDOC_PROMETHEUS_URL)',
      }),
      'unknown',
    );
    expect(d.reason).toContain('MESHDOC_PROMETHEUS_URL');
  });

  it('unknown: too little traffic to judge (T03), never healthy', () => {
    const few = versionMetrics({ requests: 10, destinationRequests: 10, sourceRequests: 10, rps: 10 / 300 });
    expectVerdict(
      canaryInput({
        metrics: metrics({ stable: few, canary: few, observed: { stableRequests: 10, canaryRequests: 10 } }),
      }),
      'unknown',
    );
  });

  it('no-canary: one version carries 100%, decided without metrics (§8.4.1)', () => {
    expectVerdict(canaryInput({ ...at(0), metrics: undefined, metricsWhy: 'offline' }), 'no-canary');
  });
});

describe('canary status: the headline state (controllers, from the fixtures)', () => {
  const cases: [string, string, string, CanaryVerdict][] = [
    ['flagger-failed-stuck', 'podinfo', 'test', 'rolled-back'],
    ['argo-aborted', 'payments', 'shop', 'rolled-back'],
    ['flagger-succeeded', 'podinfo', 'test', 'complete'],
    ['argo-subset-paused', 'checkout', 'shop', 'paused'],
    ['flagger-gateway-no-mesh', 'podinfo', 'test', 'at-risk'],
  ];
  it.each(cases)('%s → %s', async (dir, app, ns, verdict) => {
    const r = await cliJson(['canary', 'status', app, '-n', ns, '--from', `test/fixtures/canary/${dir}`]);
    expect(r.verdict, String(r.headline)).toBe(verdict);
    reached.add(verdict);
  });

  it('stalled: Flagger Progressing with no new weight for longer than max(3 × interval, progressDeadlineSeconds)', async () => {
    const { FileKubeReader } = await import('../../../src/gatherers/files/file-kube-reader.ts');
    const { loadManifests } = await import('../../../src/gatherers/files/load-manifests.ts');
    const manifests = await loadManifests('test/fixtures/canary/flagger-progressing');
    // Ready pods (P01 would outrank a stall) and the last transition 20 minutes before the newest event.
    for (const m of manifests as {
      kind?: string;
      status?: Record<string, unknown>;
      metadata?: { name?: string };
    }[]) {
      if (m.kind === 'Pod' && m.status) m.status.conditions = [{ type: 'Ready', status: 'True' }];
      if (m.kind === 'Pod' && m.status) m.status.initContainerStatuses = [];
      if (m.kind === 'Canary' && m.status) m.status.lastTransitionTime = '2026-01-15T09:30:00Z';
    }
    const reader = new FileKubeReader(manifests, 'files:test');
    const { canaryStatusReport } = await import('../../../src/gatherers/canary/canary-status-report.ts');
    const report = await canaryStatusReport(
      reader,
      {
        reader: async () => reader,
        defaultNamespace: 'default',
        now: () => new Date('2026-01-15T10:00:00Z'),
      },
      {
        app: 'podinfo',
        namespace: 'test',
        namespaceGiven: true,
        windowSeconds: undefined,
        verbose: true,
        chartFile: undefined,
        drawChart: false,
        saveTo: undefined,
        target: 'test/podinfo',
      },
    );
    expect(report.verdict, report.headline).toBe('stalled');
    reached.add('stalled');
  });

  it('every state of §8.4 was reached above', () => {
    expect([...reached].sort()).toEqual([...canaryVerdicts].sort());
  });
});
