import { describe, expect, it } from 'vitest';
import type { CanaryInput } from '../../../src/diagnostics/canary/canary-input.ts';
import { analysisInconclusive } from '../../../src/diagnostics/canary/checks/controller/analysis-inconclusive.ts';
import { argoDegraded } from '../../../src/diagnostics/canary/checks/controller/argo-degraded.ts';
import { controllerChecks } from '../../../src/diagnostics/canary/checks/controller/controller-checks.ts';
import { failedChecks } from '../../../src/diagnostics/canary/checks/controller/failed-checks.ts';
import { failedStuck } from '../../../src/diagnostics/canary/checks/controller/failed-stuck.ts';
import { metricsUnreachable } from '../../../src/diagnostics/canary/checks/controller/metrics-unreachable.ts';
import { overThresholdNotRolledBack } from '../../../src/diagnostics/canary/checks/controller/over-threshold-not-rolled-back.ts';
import { stalled } from '../../../src/diagnostics/canary/checks/controller/stalled.ts';
import { suspendedOrPaused } from '../../../src/diagnostics/canary/checks/controller/suspended-or-paused.ts';
import { trafficRoutingRejected } from '../../../src/diagnostics/canary/checks/controller/traffic-routing-rejected.ts';
import { waitingOnGate } from '../../../src/diagnostics/canary/checks/controller/waiting-on-gate.ts';
import {
  analysisRun,
  argoRollout,
  argoScene,
  event,
  flaggerCanary,
  flaggerScene,
  minutesAgo,
  only,
  run,
  severitiesOf,
} from '../../helpers/canary-controller-scenes.ts';
import { canaryInput, NOW } from '../../helpers/canary-input.ts';
import { expectCheckList } from '../../helpers/expect-check-list.ts';

/** §8.9: Flagger progressing with failedChecks = 2/5. */
const progressing2of5 = () =>
  flaggerScene(flaggerCanary({ status: { failedChecks: 2 } }), [
    event('Halt checkout.shop advancement success rate 61.39% < 99%', { minutesAgo: 1 }),
    event('Advance checkout.shop canary weight 30', { minutesAgo: 3 }),
  ]);

/** §8.9: Flagger in Failed, stuck (failedChecks reset to 0 by the rollback). */
const failedStuckScene = () =>
  flaggerScene(
    flaggerCanary({
      status: { phase: 'Failed', canaryWeight: 0, failedChecks: 0, lastTransitionTime: minutesAgo(90) },
    }),
    [
      event('Canary failed! Scaling down checkout.shop', { minutesAgo: 90 }),
      event('Rolling back checkout.shop failed checks threshold reached 5', { minutesAgo: 90 }),
      event('Halt checkout.shop advancement request duration 1.5s > 500ms', { minutesAgo: 91 }),
    ],
  );

/** §8.9: Argo subset mode paused on a step (step 2/8: pause 10m, started 4 minutes ago). */
const argoPausedOnStep = () =>
  argoScene(
    argoRollout({
      status: {
        phase: 'Paused',
        currentStepIndex: 1,
        pauseConditions: [{ reason: 'CanaryPauseStep', startTime: minutesAgo(4) }],
      },
    }),
  );

/** §8.9: Argo aborted by analysis, with measurements. */
const argoAbortedByAnalysis = () =>
  argoScene(
    argoRollout({
      status: {
        phase: 'Degraded',
        abort: true,
        message: 'RolloutAborted: Metric "success-rate" assessed Failed due to failed (4) > failureLimit (3)',
        currentStepIndex: 4,
        canary: { currentStepAnalysisRunStatus: { name: 'checkout-new5d8f-5', status: 'Failed' } },
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'RolloutAborted',
            message: 'Rollout aborted update to revision 5',
          },
        ],
      },
    }),
    {
      runs: [
        analysisRun({
          status: {
            phase: 'Failed',
            metricResults: [
              {
                name: 'success-rate',
                phase: 'Failed',
                failed: 4,
                successful: 1,
                measurements: [
                  { phase: 'Successful', value: '[0.97]' },
                  { phase: 'Failed', value: '[0.91]' },
                  { phase: 'Failed', value: '[0.88]' },
                  { phase: 'Failed', value: '[0.86]' },
                ],
              },
            ],
          },
        }),
      ],
    },
  );

describe('controller checks registry', () => {
  it('is sorted by id with the fixed codes', () => {
    expectCheckList(
      controllerChecks,
      Array.from({ length: 10 }, (_, i) => `MESH04${51 + i}`),
      /^C(0\d|10) · /,
    );
  });
  it('no controller: every C check but C10 says nothing; C10 passes with metrics', () => {
    for (const c of controllerChecks) {
      const out = run(c, canaryInput());
      if (c === metricsUnreachable) expect(out.map((f) => f.severity)).toEqual(['pass']);
      else expect(out).toEqual([]);
    }
  });
  it('a healthy progressing Flagger canary and Argo rollout pass every C check', () => {
    const flagger = flaggerScene(flaggerCanary(), [
      event('Advance checkout.shop canary weight 30', { minutesAgo: 1 }),
    ]);
    const argo = argoScene(argoRollout(), { runs: [analysisRun()] });
    for (const c of controllerChecks) {
      for (const f of run(c, flagger)) expect(f.severity, c.id).toBe('pass');
      for (const f of run(c, argo)) expect(f.severity, c.id).toBe('pass');
    }
  });
});

describe('C01 failed-checks', () => {
  it('warns at 2/5 with failures left and the latest Halt', () => {
    const f = only(failedChecks, progressing2of5());
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('2 of 5');
    expect(f.message).toContain('3 more and it rolls back');
    expect(f.message).toContain('success rate 61.39% < 99%');
    expect(f.facts.find((x) => x.label === 'rollback')?.value).toContain('≈ 3m');
  });
  it('passes at 0; leaves ≥ threshold to C02', () => {
    expect(severitiesOf(failedChecks, flaggerScene(flaggerCanary()))).toEqual(['pass']);
    expect(run(failedChecks, flaggerScene(flaggerCanary({ status: { failedChecks: 5 } })))).toEqual([]);
  });
});

describe('C02 over-threshold-not-rolled-back', () => {
  it('errors at 5/5 while not Failed (flagger#1801)', () => {
    const f = only(
      overThresholdNotRolledBack,
      flaggerScene(flaggerCanary({ status: { failedChecks: 5, phase: 'WaitingTrafficIncrease' } })),
    );
    expect(f.severity).toBe('error');
    expect(f.message).toContain('still WaitingTrafficIncrease');
  });
  it('passes below the threshold', () => {
    expect(severitiesOf(overThresholdNotRolledBack, progressing2of5())).toEqual(['pass']);
  });
  it('within one interval of the failure that reached the threshold, says the rollback is due, not stuck (Flagger rolls back at its next run)', () => {
    const reached = (minutesAgo: number) =>
      flaggerScene(flaggerCanary({ status: { failedChecks: 5 } }), [
        event('Halt checkout.shop advancement success rate 90.00% < 99%', { minutesAgo, type: 'Warning' }),
      ]);
    const due = only(overThresholdNotRolledBack, reached(0.5));
    expect(due.severity).toBe('error'); // the canary failed its analysis: FAILING
    expect(due.message).toBe(
      'Canary checkout failed its analysis: 5 failed checks reached the threshold of 5 30s ago (latest: success rate 90.00% < 99%), and Flagger rolls it back at its next check, within 1m.',
    );
    expect(due.facts.find((x) => x.label === 'failed checks')?.value).toBe('5/5');
    // Two intervals on, Flagger should have rolled back: stuck (flagger#1801).
    expect(only(overThresholdNotRolledBack, reached(2)).message).toContain('not rolled back');
  });
});

describe('C03 waiting-on-gate', () => {
  it('Flagger WaitingPromotion names the confirm-promotion gate and how to open it', () => {
    const canary = flaggerCanary({
      status: { phase: 'WaitingPromotion', canaryWeight: 50 },
      analysis: {
        webhooks: [
          { name: 'ask', type: 'confirm-promotion', url: 'http://flagger-loadtester.test/gate/check' },
        ],
      },
    });
    const f = only(waitingOnGate, flaggerScene(canary));
    expect(f.severity).toBe('info');
    expect(f.message).toContain('confirm-promotion');
    expect(f.fix?.command).toBe(
      `curl -d '{"name":"checkout","namespace":"shop"}' http://flagger-loadtester.test/gate/open`,
    );
  });
  it('reads a "waiting for … approval" event while Progressing', () => {
    const input = flaggerScene(flaggerCanary(), [
      event('Halt checkout.shop advancement waiting for traffic increase approval ask'),
    ]);
    expect(only(waitingOnGate, input).message).toContain('confirm-traffic-increase');
  });
  it('Argo paused on a timed step: reason, start, time left and the promote command', () => {
    const f = only(waitingOnGate, argoPausedOnStep());
    expect(f.severity).toBe('info');
    expect(f.message).toContain('step 2/8');
    expect(f.message).toContain('pause 10m, 6m left');
    expect(f.fix?.command).toBe('kubectl argo rollouts promote checkout -n shop');
  });
  it('Argo paused on an indefinite step waits for promote', () => {
    const input = argoScene(
      argoRollout({
        status: {
          phase: 'Paused',
          currentStepIndex: 3,
          pauseConditions: [{ reason: 'CanaryPauseStep', startTime: minutesAgo(30) }],
        },
      }),
    );
    expect(only(waitingOnGate, input).message).toContain('pause indefinite: waiting for promote');
  });
  it('passes when nothing waits; an inconclusive pause is C07’s', () => {
    expect(severitiesOf(waitingOnGate, progressing2of5())).toEqual(['pass']);
    const inconclusive = argoScene(
      argoRollout({
        status: { pauseConditions: [{ reason: 'InconclusiveAnalysisRun', startTime: minutesAgo(2) }] },
      }),
    );
    expect(severitiesOf(waitingOnGate, inconclusive)).toEqual(['pass']);
  });
});

describe('C04 stalled', () => {
  it('warns when no weight advanced past max(3 × interval, deadline) while the phase clock moves', () => {
    const input = flaggerScene(
      flaggerCanary({ status: { lastTransitionTime: minutesAgo(1), failedChecks: 1 } }),
      [event('Advance checkout.shop canary weight 30', { minutesAgo: 15 })],
    );
    const f = only(stalled, input);
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('no progress for 15m');
  });
  it('errors when the phase has not changed past the deadline either (canary never ready, #523)', () => {
    const input = flaggerScene(flaggerCanary({ status: { lastTransitionTime: minutesAgo(25) } }), [
      event(
        'canary deployment checkout.shop not ready: waiting for rollout to finish: 0 of 2 updated replicas are available',
        { minutesAgo: 1 },
      ),
      event('Advance checkout.shop canary weight 30', { minutesAgo: 25 }),
    ]);
    expect(only(stalled, input).severity).toBe('error');
  });
  it('Waiting without a gate webhook is a stall; with one it is C03’s', () => {
    const waiting = (webhooks: unknown[]) =>
      flaggerScene(
        flaggerCanary({
          status: { phase: 'Waiting', canaryWeight: 0, lastTransitionTime: minutesAgo(30) },
          analysis: { webhooks },
        }),
      );
    expect(severitiesOf(stalled, waiting([]))).toEqual(['error']);
    expect(
      severitiesOf(stalled, waiting([{ name: 'g', type: 'confirm-rollout', url: 'http://x/gate/check' }])),
    ).toEqual(['pass']);
  });
  it('WaitingPromotion without a gate: lastTransitionTime is refreshed every interval, so only a warning', () => {
    const input = flaggerScene(
      flaggerCanary({ status: { phase: 'WaitingPromotion', lastTransitionTime: minutesAgo(0) } }),
      [event('Advance checkout.shop canary weight 50', { minutesAgo: 40 })],
    );
    expect(severitiesOf(stalled, input)).toEqual(['warning']);
  });
  it('Argo Progressing with no step change past progressDeadlineSeconds errors', () => {
    const input = argoScene(
      argoRollout({
        status: {
          conditions: [
            {
              type: 'Progressing',
              status: 'True',
              reason: 'ReplicaSetUpdated',
              lastUpdateTime: minutesAgo(12),
            },
          ],
        },
      }),
    );
    const f = only(stalled, input);
    expect(f.severity).toBe('error');
    expect(f.fix?.command).toBe('kubectl argo rollouts get rollout checkout -n shop');
  });
  it('passes within the limit', () => {
    expect(severitiesOf(stalled, progressing2of5())).toEqual(['pass']);
  });
  it('Flagger waiting for a canary that never becomes ready: stalled after 3 intervals, before Flagger gives up at progressDeadlineSeconds, in its words', () => {
    const notReady =
      'canary deployment checkout.shop not ready: waiting for rollout to finish: 0 of 1 (readyThreshold 100%) updated replicas are available';
    const waiting = (minutes: number) =>
      flaggerScene(flaggerCanary({ status: { canaryWeight: 0, lastTransitionTime: minutesAgo(minutes) } }), [
        event(notReady, { minutesAgo: 0, type: 'Warning', count: minutes }),
        event('New revision detected! Scaling up checkout.shop', { minutesAgo: minutes }),
      ]);
    // interval 1m, progressDeadlineSeconds 600: within 3 intervals nothing is said …
    expect(severitiesOf(stalled, waiting(2))).toEqual(['pass']);
    // … after them a stall (warning → STALLED), long before Flagger's rollback at 10m …
    const f = only(stalled, waiting(4));
    expect(f.severity).toBe('warning');
    expect(f.message).toBe(
      'Canary checkout has made no progress for 4m in Progressing: Flagger is waiting for the canary Deployment checkout to become ready (waiting for rollout to finish: 0 of 1 (readyThreshold 100%) updated replicas are available), and rolls back once it has been unavailable for progressDeadlineSeconds (10m).',
    );
    expect(f.facts.find((x) => x.label === 'Flagger')?.value).toBe(notReady);
    // … and an error once the deadline has passed with Flagger still waiting.
    expect(only(stalled, waiting(12)).severity).toBe('error');
  });
  it("uses Flagger's analysis interval as Flagger runs it: never under 10s", () => {
    const notReady =
      'canary deployment checkout.shop not ready: waiting for rollout to finish: 0 of 1 updated replicas are available';
    const input = (seconds: number) =>
      flaggerScene(
        flaggerCanary({
          analysis: { interval: '5s' },
          status: { canaryWeight: 0, lastTransitionTime: new Date(NOW - seconds * 1000).toISOString() },
        }),
        [
          event(notReady, { minutesAgo: 0, type: 'Warning' }),
          event('New revision detected! Scaling up checkout.shop', { minutesAgo: seconds / 60 }),
        ],
      );
    expect(severitiesOf(stalled, input(20))).toEqual(['pass']); // 3 × 10s, not 3 × 5s
    expect(severitiesOf(stalled, input(40))).toEqual(['warning']);
  });
});

describe('C05 failed-stuck', () => {
  it('errors for Flagger in Failed, stuck, with the count and metric from the events', () => {
    const f = only(failedStuck, failedStuckScene());
    expect(f.severity).toBe('error');
    expect(f.message).toContain('after 5 failed checks');
    expect(f.message).toContain('request duration 1.5s > 500ms');
    expect(f.fix?.command).toBe('kubectl rollout restart deployment/checkout -n shop');
  });
  it('a canary that never became ready: rolled back at progressDeadlineSeconds, the reason from Flagger\'s "not ready" event', () => {
    const notReady =
      'canary deployment checkout.shop not ready: waiting for rollout to finish: 0 of 1 (readyThreshold 100%) updated replicas are available';
    const input = flaggerScene(
      flaggerCanary({ status: { phase: 'Failed', canaryWeight: 0, lastTransitionTime: minutesAgo(1) } }),
      [
        event('Canary failed! Scaling down checkout.shop', { minutesAgo: 1, type: 'Warning' }),
        event(notReady, { minutesAgo: 1, type: 'Warning', count: 10 }),
        event('New revision detected! Scaling up checkout.shop', { minutesAgo: 11 }),
      ],
    );
    const f = only(failedStuck, input);
    expect(f.message).toContain(
      'was rolled back because its canary Deployment did not become ready within progressDeadlineSeconds (600s; Flagger: "waiting for rollout to finish: 0 of 1 (readyThreshold 100%) updated replicas are available") and stays Failed',
    );
    expect(f.facts.find((x) => x.label === 'Flagger')?.value).toBe(notReady);
  });
  it('passes when the target is back on the promoted spec, or not Failed', () => {
    const reverted = flaggerScene(
      flaggerCanary({ status: { phase: 'Failed', lastAppliedSpec: 'h', lastPromotedSpec: 'h' } }),
    );
    expect(severitiesOf(failedStuck, reverted)).toEqual(['pass']);
    expect(severitiesOf(failedStuck, progressing2of5())).toEqual(['pass']);
  });
});

describe('C06 argo-degraded', () => {
  it('shows the failed metric, its last 3 measurements and its condition on abort', () => {
    const f = only(argoDegraded, argoAbortedByAnalysis());
    expect(f.severity).toBe('error');
    expect(f.message).toContain('aborted (RolloutAborted');
    const metric = f.facts.find((x) => x.label === 'metric success-rate');
    // status.message is Argo's "<reason>: <message>" (v1.8.3 CalculateRolloutPhase): the reason once.
    expect(f.message).toContain(
      'aborted (RolloutAborted: Metric "success-rate" assessed Failed due to failed (4) > failureLimit (3))',
    );
    expect(metric?.value).toContain('[[0.91], [0.88], [0.86]]');
    expect(metric?.value).toContain('success when result[0] >= 0.95');
    expect(metric?.value).toContain('failureLimit 3');
    expect(metric?.source).toEqual({ kind: 'AnalysisRun', namespace: 'shop', name: 'checkout-new5d8f-5' });
    expect(f.fix?.command).toBe('kubectl argo rollouts retry rollout checkout -n shop');
  });
  it('reads an abort from the RolloutAborted condition alone (Argo writes it with status False)', () => {
    const input = argoScene(
      argoRollout({
        status: {
          phase: 'Degraded',
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'RolloutAborted',
              message: 'Rollout aborted update to revision 5',
            },
          ],
        },
      }),
    );
    expect(only(argoDegraded, input).message).toContain('is aborted (RolloutAborted');
  });
  it('shows the condition for a Degraded rollout past its deadline', () => {
    const input = argoScene(
      argoRollout({
        status: {
          phase: 'Degraded',
          message: 'ProgressDeadlineExceeded: ReplicaSet "checkout-new5d8f" has timed out progressing.',
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'timed out',
            },
          ],
        },
      }),
    );
    expect(only(argoDegraded, input).message).toContain('degraded (ProgressDeadlineExceeded');
  });
  it('passes a healthy rollout', () => {
    expect(severitiesOf(argoDegraded, argoPausedOnStep())).toEqual(['pass']);
  });
});

describe('C07 analysis-inconclusive', () => {
  it('warns on an InconclusiveAnalysisRun pause', () => {
    const input = argoScene(
      argoRollout({
        status: {
          phase: 'Paused',
          pauseConditions: [{ reason: 'InconclusiveAnalysisRun', startTime: minutesAgo(5) }],
        },
      }),
      {
        runs: [
          analysisRun({
            status: {
              phase: 'Inconclusive',
              metricResults: [
                { name: 'success-rate', phase: 'Inconclusive', measurements: [{ value: '[NaN]' }] },
              ],
            },
          }),
        ],
      },
    );
    const f = only(analysisInconclusive, input);
    expect(f.severity).toBe('warning');
    expect(f.fix?.command).toBe('kubectl argo rollouts promote checkout -n shop');
  });
  it('warns when a metric is one error short of its consecutiveErrorLimit (default 4)', () => {
    const input = argoScene(argoRollout(), {
      runs: [
        analysisRun({
          status: {
            metricResults: [
              {
                name: 'success-rate',
                phase: 'Running',
                consecutiveError: 3,
                measurements: [{ phase: 'Error', message: 'dial tcp: connection refused' }],
              },
            ],
          },
        }),
      ],
    });
    const f = only(analysisInconclusive, input);
    expect(f.message).toContain('consecutiveErrorLimit');
    expect(f.facts[0]?.value).toContain('connection refused');
  });
  it('passes with few errors', () => {
    const input = argoScene(argoRollout(), {
      runs: [analysisRun({ status: { metricResults: [{ name: 'success-rate', consecutiveError: 1 }] } })],
    });
    expect(severitiesOf(analysisInconclusive, input)).toEqual(['pass']);
  });
});

describe('C08 traffic-routing-rejected', () => {
  it('errors on an Argo TrafficRoutingError event', () => {
    const input = argoScene(argoRollout(), {
      events: [
        event('admission webhook "validation.istio.io" denied the request', {
          reason: 'TrafficRoutingError',
          type: 'Warning',
          kind: 'Rollout',
        }),
      ],
    });
    expect(only(trafficRoutingRejected, input).severity).toBe('error');
  });
  it('errors on a Flagger warning that the VirtualService update failed', () => {
    const input = flaggerScene(flaggerCanary(), [
      event('VirtualService checkout.shop update failed: admission webhook "kyverno" denied the request', {
        type: 'Warning',
      }),
    ]);
    const f = only(trafficRoutingRejected, input);
    expect(f.message).toContain('kyverno');
  });
  // Argo restarted at a pause rewrites the weights its status already holds: a lost conflict is
  // followed by a successful write, but by no TrafficWeightUpdated event.
  const conflict = () =>
    event(
      'Operation cannot be fulfilled on virtualservices.networking.istio.io "checkout": the object has been modified; please apply your changes to the latest version and try again',
      { reason: 'TrafficRoutingError', type: 'Warning', kind: 'Rollout', minutesAgo: 2 },
    );
  const writtenBy = (manager: string, at: string): Partial<CanaryInput> => {
    const base = canaryInput();
    const split = base.split;
    if (!split) throw new Error('the base scene has a split');
    return {
      split: {
        ...split,
        vs: {
          ...split.vs,
          metadata: {
            ...split.vs.metadata,
            managedFields: [
              {
                manager: 'argocd-controller',
                operation: 'Apply',
                time: minutesAgo(5),
                fieldsV1: { 'f:spec': { 'f:http': {} } },
              },
              { manager, operation: 'Update', time: at, fieldsV1: { 'f:spec': { 'f:http': {} } } },
            ],
          },
        },
      },
    };
  };
  it('passes when the controller itself wrote the VirtualService after the refused write', () => {
    const input = argoScene(argoRollout(), {
      events: [conflict()],
      over: writtenBy('rollouts-controller', minutesAgo(2)),
    });
    const f = only(trafficRoutingRejected, input);
    expect(f.severity).toBe('pass');
    expect(f.message).toContain('has written VirtualService checkout since (rollouts-controller at');
  });
  it('still errors when the last write of spec.http is older than the refusal, or not the controller’s', () => {
    for (const over of [
      writtenBy('rollouts-controller', minutesAgo(3)),
      writtenBy('kubectl-edit', minutesAgo(1)),
    ])
      expect(
        only(trafficRoutingRejected, argoScene(argoRollout(), { events: [conflict()], over })).severity,
      ).toBe('error');
  });
  it('passes when a later event shows the weight moved since', () => {
    const input = flaggerScene(flaggerCanary(), [
      event('Advance checkout.shop canary weight 30', { minutesAgo: 1 }),
      event('VirtualService checkout.shop update failed: conflict', { type: 'Warning', minutesAgo: 5 }),
    ]);
    expect(severitiesOf(trafficRoutingRejected, input)).toEqual(['pass']);
  });
});

describe('C09 suspended-or-paused', () => {
  it('notes a suspended Canary, skipAnalysis, and a manually paused Rollout', () => {
    expect(
      only(suspendedOrPaused, flaggerScene(flaggerCanary({ spec: { suspend: true } }))).fix?.command,
    ).toBe(`kubectl patch canary checkout -n shop --type=merge -p '{"spec":{"suspend":false}}'`);
    expect(
      only(suspendedOrPaused, flaggerScene(flaggerCanary({ spec: { skipAnalysis: true } }))).message,
    ).toContain('without any metric check');
    expect(only(suspendedOrPaused, argoScene(argoRollout({ spec: { paused: true } }))).severity).toBe('info');
  });
  it('passes otherwise', () => {
    expect(severitiesOf(suspendedOrPaused, progressing2of5())).toEqual(['pass']);
  });
});

describe('C10 metrics-unreachable', () => {
  it("errors when meshdoc's Prometheus failed", () => {
    const f = only(
      metricsUnreachable,
      canaryInput({
        metrics: undefined,
        metricsFailed: true,
        metricsWhy: 'prometheus: connect ECONNREFUSED 10.0.0.9:9090',
      }),
    );
    expect(f.severity).toBe('error');
    expect(f.message).toContain('ECONNREFUSED');
    expect(f.message).toContain('unknown, not healthy');
  });
  it('errors on Flagger "Error checking metric providers"', () => {
    const input = flaggerScene(flaggerCanary(), [
      event(
        'Error checking metric providers: prometheus not avaiable: Get "http://prometheus:9090": dial tcp: i/o timeout',
        { type: 'Warning' },
      ),
    ]);
    expect(only(metricsUnreachable, input).message).toContain('Flagger cannot check its metric providers');
  });
  it('says nothing offline (no metrics, not failed)', () => {
    expect(
      run(metricsUnreachable, canaryInput({ metrics: undefined, metricsWhy: 'offline (--from)' })),
    ).toEqual([]);
  });
});
