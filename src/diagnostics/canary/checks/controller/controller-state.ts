import type { ObjectRef } from '../../../../core/finding.ts';
import type {
  AnalysisRun,
  ArgoRollout,
  ControllerCondition,
  FlaggerCanary,
} from '../../../../schemas/rollouts.ts';
import { refOf } from '../../canary-finding.ts';
import type { CanaryController, CanaryInput } from '../../canary-input.ts';
import { parseDurationSeconds } from './parse-duration.ts';

// What the controller's own objects say about the run, read the same way by every check.

export type FlaggerController = Extract<CanaryController, { kind: 'flagger' }>;
export type ArgoController = Extract<CanaryController, { kind: 'argo' }>;

export const flaggerOf = (input: CanaryInput): FlaggerController | undefined =>
  input.controller.kind === 'flagger' ? input.controller : undefined;
export const argoOf = (input: CanaryInput): ArgoController | undefined =>
  input.controller.kind === 'argo' ? input.controller : undefined;

export const canaryRef = (canary: FlaggerCanary): ObjectRef => refOf('Canary', canary);
export const rolloutRef = (rollout: ArgoRollout): ObjectRef => refOf('Rollout', rollout);
export const analysisRunRef = (run: AnalysisRun): ObjectRef => refOf('AnalysisRun', run);

/** Flagger's `analysis.interval` in seconds (Flagger's default: 1m). */
export function flaggerIntervalSeconds(canary: FlaggerCanary): number {
  return parseDurationSeconds(canary.spec.analysis?.interval) ?? 60;
}

/** Flagger's `progressDeadlineSeconds` (default 600) and Argo's (default 600). */
export function progressDeadlineSeconds(o: FlaggerCanary | ArgoRollout): number {
  return o.spec.progressDeadlineSeconds ?? 600;
}

export function condition(rollout: ArgoRollout, type: string): ControllerCondition | undefined {
  return rollout.status?.conditions?.find((c) => c.type === type);
}

/**
 * Argo aborted the update: `status.abort`, or a RolloutAborted condition. Argo writes that reason on
 * the Progressing condition with status False, and its phase rule matches the reason alone.
 */
export function argoAborted(rollout: ArgoRollout): boolean {
  if (rollout.status?.abort) return true;
  return (rollout.status?.conditions ?? []).some((c) => c.reason === 'RolloutAborted');
}

/**
 * The controller rolled the canary back (Flagger `Failed`) or aborted it (Argo): its weight is 0
 * and its pods are scaled down by design, so pod checks stay silent about it (canary.md §8.4.1).
 */
export function rolledBack(input: CanaryInput): boolean {
  const c = input.controller;
  if (c.kind === 'flagger') return c.canary.status?.phase === 'Failed';
  if (c.kind === 'argo') return argoAborted(c.rollout);
  return false;
}

/** ms since the epoch of an ISO time, or undefined. */
export function timeOf(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `kubectl argo rollouts …` with the same context as `input.kubectl`. */
export function argoCommand(input: CanaryInput, verb: string, name: string): string {
  return `${input.kubectl} argo rollouts ${verb} ${name} -n ${input.namespace}`;
}
