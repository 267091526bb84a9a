import { expect } from 'vitest';
import type { Finding, Severity } from '../../src/core/finding.ts';
import type { CanaryCheck, CanaryInput } from '../../src/diagnostics/canary/canary-input.ts';
import {
  EventSchema,
  HorizontalPodAutoscalerSchema,
  type KubeEvent,
  NamespaceSchema,
} from '../../src/schemas/kube.ts';
import {
  type AnalysisRun,
  AnalysisRunSchema,
  type ArgoRollout,
  ArgoRolloutSchema,
  type FlaggerCanary,
  FlaggerCanarySchema,
} from '../../src/schemas/rollouts.ts';
import { canaryInput, NOW, version } from './canary-input.ts';

// Controller scenes for the canary checks' unit tests, on top of canary-input.ts's healthy
// plain-Istio scene: a Flagger Canary `checkout` (target checkout, primary checkout-primary) and
// an Argo Rollout `checkout` with its AnalysisRuns, and their Events (newest first), all in `shop`.

export const minutesAgo = (m: number): string => new Date(NOW - m * 60_000).toISOString();

type Json = Record<string, unknown>;

export function flaggerCanary(opts: { status?: Json; analysis?: Json; spec?: Json } = {}): FlaggerCanary {
  return FlaggerCanarySchema.parse({
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: {
      targetRef: { kind: 'Deployment', name: 'checkout' },
      progressDeadlineSeconds: 600,
      analysis: {
        interval: '1m',
        threshold: 5,
        maxWeight: 50,
        stepWeight: 10,
        metrics: [
          { name: 'request-success-rate', interval: '1m', thresholdRange: { min: 99 } },
          { name: 'request-duration', interval: '1m', thresholdRange: { max: 500 } },
        ],
        ...opts.analysis,
      },
      ...opts.spec,
    },
    status: {
      phase: 'Progressing',
      canaryWeight: 30,
      failedChecks: 0,
      lastAppliedSpec: 'hash-new',
      lastPromotedSpec: 'hash-old',
      lastTransitionTime: minutesAgo(1),
      ...opts.status,
    },
  });
}

export function event(
  message: string,
  opts: { minutesAgo?: number; type?: string; reason?: string; kind?: string; count?: number } = {},
): KubeEvent {
  const at = minutesAgo(opts.minutesAgo ?? 1);
  return EventSchema.parse({
    metadata: { name: `checkout.${Math.abs(hash(message + at))}`, namespace: 'shop' },
    involvedObject: { kind: opts.kind ?? 'Canary', name: 'checkout', namespace: 'shop' },
    reason: opts.reason ?? 'Synced',
    message,
    type: opts.type ?? 'Normal',
    count: opts.count ?? 1,
    firstTimestamp: at,
    lastTimestamp: at,
  });
}

const hash = (s: string) => [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);

/** The scene driven by Flagger at 70/30: primary = stable, canary = the target. */
export function flaggerScene(
  canary: FlaggerCanary,
  events: KubeEvent[] = [],
  over: Partial<CanaryInput> = {},
): CanaryInput {
  const weight = canary.status?.canaryWeight ?? 0;
  return canaryInput({
    mode: 'flagger',
    stable: version('stable', {
      name: 'checkout-primary',
      metricKey: { label: 'destination_workload', value: 'checkout-primary' },
      vsWeight: 100 - weight,
      effectiveWeight: 100 - weight,
      controllerWeight: 100 - weight,
    }),
    canary: version('canary', {
      name: 'checkout',
      metricKey: { label: 'destination_workload', value: 'checkout' },
      vsWeight: weight,
      effectiveWeight: weight,
      controllerWeight: weight,
    }),
    controller: { kind: 'flagger', canary, events },
    ...over,
  });
}

export function argoRollout(opts: { status?: Json; spec?: Json; canary?: Json } = {}): ArgoRollout {
  return ArgoRolloutSchema.parse({
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: {
      replicas: 4,
      progressDeadlineSeconds: 600,
      strategy: {
        canary: {
          steps: [
            { setWeight: 10 },
            { pause: { duration: '10m' } },
            { setWeight: 30 },
            { pause: {} },
            { analysis: { templates: [{ templateName: 'success-rate' }] } },
            { setWeight: 60 },
            { pause: { duration: 300 } },
            { setWeight: 100 },
          ],
          trafficRouting: {
            istio: {
              virtualService: { name: 'checkout', routes: ['primary'] },
              destinationRule: { name: 'checkout', canarySubsetName: 'canary', stableSubsetName: 'stable' },
            },
          },
          ...opts.canary,
        },
      },
      ...opts.spec,
    },
    status: {
      phase: 'Progressing',
      currentStepIndex: 2,
      currentPodHash: 'new5d8f',
      stableRS: 'old7c9b',
      canary: {
        weights: {
          canary: { weight: 30, podTemplateHash: 'new5d8f' },
          stable: { weight: 70, podTemplateHash: 'old7c9b' },
        },
      },
      conditions: [
        {
          type: 'Progressing',
          status: 'True',
          reason: 'RolloutStepCompleted',
          lastUpdateTime: minutesAgo(1),
          lastTransitionTime: minutesAgo(20),
        },
      ],
      ...opts.status,
    },
  });
}

export function analysisRun(opts: { name?: string; status?: Json; metrics?: Json[] } = {}): AnalysisRun {
  return AnalysisRunSchema.parse({
    metadata: { name: opts.name ?? 'checkout-new5d8f-5', namespace: 'shop' },
    spec: {
      metrics: opts.metrics ?? [
        {
          name: 'success-rate',
          successCondition: 'result[0] >= 0.95',
          failureLimit: 3,
          provider: { prometheus: { query: 'sum(irate(istio_requests_total{…}[5m]))' } },
        },
      ],
    },
    status: { phase: 'Running', ...opts.status },
  });
}

/** The scene driven by Argo Rollouts in subset mode at 70/30 (stable/canary subsets by pod hash). */
export function argoScene(
  rollout: ArgoRollout,
  opts: { runs?: AnalysisRun[]; events?: KubeEvent[]; over?: Partial<CanaryInput> } = {},
): CanaryInput {
  return canaryInput({
    mode: 'argo-subset',
    controller: { kind: 'argo', rollout, analysisRuns: opts.runs ?? [], events: opts.events ?? [] },
    ...opts.over,
  });
}

export function hpa(target: string, current: number, desired: number) {
  return HorizontalPodAutoscalerSchema.parse({
    metadata: { name: target, namespace: 'shop' },
    spec: { scaleTargetRef: { kind: 'Deployment', name: target } },
    status: { currentReplicas: current, desiredReplicas: desired },
  });
}

export function namespace(labels: Record<string, string>) {
  return NamespaceSchema.parse({ metadata: { name: 'shop', labels } });
}

/** Runs a check and asserts every finding uses a cause, code and severity the check declared. */
export function run(check: CanaryCheck, input: CanaryInput): Finding[] {
  const findings = check.run(input);
  for (const f of findings) {
    const spec = check.emits.find((e) => e.cause === f.cause);
    expect(spec, `${check.id} emitted undeclared cause ${f.cause}`).toBeDefined();
    expect(f.code).toBe(spec?.code);
    expect(spec?.severities).toContain(f.severity);
    expect(f.message.length).toBeGreaterThan(0);
    if (f.severity !== 'pass') expect(f.fix, `${check.id} ${f.severity} without a fix`).toBeDefined();
  }
  return findings;
}

/** The severities of a check's findings, in order. */
export const severitiesOf = (check: CanaryCheck, input: CanaryInput): Severity[] =>
  run(check, input).map((f) => f.severity);

/** The one finding of a check (fails when there is not exactly one). */
export function only(check: CanaryCheck, input: CanaryInput): Finding {
  const findings = run(check, input);
  expect(findings).toHaveLength(1);
  return findings[0] as Finding;
}
