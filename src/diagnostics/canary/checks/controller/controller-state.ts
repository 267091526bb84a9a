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

/** Flagger's `analysis.interval` in seconds, as Flagger runs it: default 1m, never under 10s. */
export function flaggerIntervalSeconds(canary: FlaggerCanary): number {
  return Math.max(10, parseDurationSeconds(canary.spec.analysis?.interval) ?? 60);
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

/**
 * Flagger is still creating what it manages (phase Initializing, or no status yet): the primary
 * Deployment and its Services first, the VirtualService once the primary is ready.
 */
export function flaggerInitializing(input: CanaryInput): boolean {
  const c = input.controller;
  return c.kind === 'flagger' && ['', 'Initializing'].includes(c.canary.status?.phase ?? '');
}

/**
 * Argo Rollouts' subset mode with no canary in flight: both subsets carry the same
 * rollouts-pod-template-hash and the canary's weight is 0. That is what Argo writes for the first
 * revision and after every full promotion (seen with v1.8.3): it points the canary subset at the
 * stable ReplicaSet until the next update. Returns that hash, or undefined.
 */
export function argoSubsetsAtRest(input: CanaryInput): string | undefined {
  if (input.controller.kind !== 'argo' || input.mode !== 'argo-subset') return undefined;
  const key = 'rollouts-pod-template-hash';
  const stable = input.stable?.subsetLabels?.[key];
  const canary = input.canary?.subsetLabels?.[key];
  if (stable === undefined || stable !== canary || (input.canary?.effectiveWeight ?? 0) !== 0)
    return undefined;
  return stable;
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
