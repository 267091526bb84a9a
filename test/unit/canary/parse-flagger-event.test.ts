import { describe, expect, it } from 'vitest';
import {
  formatSeconds,
  parseDurationSeconds,
} from '../../../src/diagnostics/canary/checks/controller/parse-duration.ts';
import { parseFlaggerEvent } from '../../../src/diagnostics/canary/checks/controller/parse-flagger-event.ts';

describe('parseFlaggerEvent', () => {
  it.each([
    [
      'Halt podinfo.test advancement success rate 61.39% < 99%',
      {
        kind: 'halt-metric',
        target: 'podinfo.test',
        metric: 'success rate',
        value: '61.39%',
        op: '<',
        limit: '99%',
      },
    ],
    [
      'Halt podinfo.test advancement request duration 1.5s > 500ms',
      { kind: 'halt-metric', metric: 'request duration', value: '1.5s', op: '>', limit: '500ms' },
    ],
    [
      'Rolling back podinfo.test failed checks threshold reached 5',
      { kind: 'rollback', target: 'podinfo.test', failedChecks: 5 },
    ],
    [
      'Rolling back podinfo.test progress deadline exceeded canary deployment podinfo.test not ready',
      { kind: 'rollback', failedChecks: undefined },
    ],
    ['Canary failed! Scaling down podinfo.test', { kind: 'failed', target: 'podinfo.test' }],
    [
      'canary deployment podinfo.test not ready: waiting for rollout to finish: 0 of 1 updated replicas are available',
      {
        kind: 'not-ready',
        which: 'canary',
        target: 'podinfo.test',
        detail: 'waiting for rollout to finish: 0 of 1 updated replicas are available',
      },
    ],
    [
      'Error checking metric providers: prometheus not avaiable',
      { kind: 'metrics-error', detail: 'prometheus not avaiable' },
    ],
    [
      'Halt advancement no values found for istio metric request-success-rate probably podinfo.test is not receiving traffic',
      { kind: 'halt-no-values', metric: 'request-success-rate' },
    ],
    ['Halt podinfo.test advancement waiting for approval confirm', { kind: 'waiting-approval' }],
    [
      'Halt podinfo.test advancement pre-rollout check acceptance-test failed',
      { kind: 'halt', detail: 'pre-rollout check acceptance-test failed' },
    ],
    ['Advance podinfo.test canary weight 10', { kind: 'advance', weight: 10 }],
    ['New revision detected! Scaling up podinfo.test', { kind: 'new-revision' }],
    ['Promotion completed! Scaling down podinfo.test', { kind: 'promoted' }],
    ['Initialization done! podinfo.test', { kind: 'other' }],
  ])('%s', (message, expected) => {
    expect(parseFlaggerEvent(message)).toMatchObject(expected);
  });
});

describe('parseDurationSeconds', () => {
  it.each([
    ['1m', 60],
    ['30s', 30],
    ['10m', 600],
    ['1h30m', 5400],
    ['500ms', 0.5],
    ['90', 90],
    [45, 45],
  ] as const)('%s → %s', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds);
  });
  it('refuses what is not a duration', () => {
    for (const bad of ['', 'soon', '5 minutes', '-1m', null, undefined])
      expect(parseDurationSeconds(bad)).toBeUndefined();
  });
  it('formats seconds for people', () => {
    expect(formatSeconds(90)).toBe('1m30s');
    expect(formatSeconds(600)).toBe('10m');
    expect(formatSeconds(0)).toBe('0s');
    expect(formatSeconds(3725)).toBe('1h2m5s');
  });
});
