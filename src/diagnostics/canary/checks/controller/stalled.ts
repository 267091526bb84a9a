import type { CauseSpec } from '../../../../core/check.ts';
import type { Fact, Finding } from '../../../../core/finding.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck, CanaryInput } from '../../canary-input.ts';
import {
  type ArgoController,
  argoOf,
  canaryRef,
  condition,
  type FlaggerController,
  flaggerIntervalSeconds,
  flaggerOf,
  progressDeadlineSeconds,
  rolloutRef,
  timeOf,
} from './controller-state.ts';
import { formatSeconds } from './parse-duration.ts';
import { eventTime, parseFlaggerEvent } from './parse-flagger-event.ts';

export const stalledCause: CauseSpec = {
  code: 'MESH0454',
  cause: 'stalled',
  title: 'C04 · No progress: the rollout is stalled',
  severities: ['error', 'warning', 'pass'],
};

const gateOfPhase: Readonly<Record<string, string>> = {
  Waiting: 'confirm-rollout',
  WaitingPromotion: 'confirm-promotion',
};

// Canaries sit in Progressing long after they should have moved on when their pods never become
// ready (flagger#523, #1247, #1578): no new weight for longer than max(3 × interval,
// progressDeadlineSeconds) is a stall (warning). Flagger refreshes lastTransitionTime every
// interval in WaitingPromotion but not in Waiting or a stuck Progressing: when that phase clock is
// also older than the limit, Flagger itself has not moved (error). While Flagger's newest word is
// that the canary Deployment is not ready, it is blocked on it and gives up only at
// progressDeadlineSeconds (Flagger v1.36.1 IsCanaryReady): the stall is said after 3 intervals
// without progress, before that rollback, with Flagger's own message. Argo: Progressing with no step
// change (the Progressing condition's lastUpdateTime) past progressDeadlineSeconds is an error;
// once Argo notices it says ProgressDeadlineExceeded and C06 speaks.
export const stalled: CanaryCheck = {
  id: 'canary.stalled',
  area: 'canary',
  title: 'The rollout makes progress',
  needs: ['flaggerCanaries', 'argoRollouts', 'events'],
  emits: [stalledCause],
  run(input) {
    const flagger = flaggerOf(input);
    if (flagger) return flaggerStall(input, flagger);
    const argo = argoOf(input);
    if (argo) return argoStall(input, argo);
    return [];
  },
};

function flaggerStall(input: CanaryInput, { canary, events }: FlaggerController): Finding[] {
  const subject = canaryRef(canary);
  const name = canary.metadata.name;
  const phase = canary.status?.phase ?? '';
  const gate = gateOfPhase[phase];
  const gated = gate !== undefined && (canary.spec.analysis?.webhooks ?? []).some((w) => w.type === gate);
  const candidate = phase === 'Progressing' || (gate !== undefined && !gated);
  if (!candidate)
    return [
      canaryPass(
        stalledCause,
        subject,
        `Canary ${name} is not in a phase that can stall (${phase || 'unknown'}).`,
      ),
    ];
  const interval = flaggerIntervalSeconds(canary);
  const deadline = progressDeadlineSeconds(canary);
  const limit = Math.max(3 * interval, deadline);
  // Flagger waits for the canary Deployment: its newest event says it is not ready.
  const [newest] = events;
  const parsedNewest = newest ? parseFlaggerEvent(newest.message ?? '') : undefined;
  const waitingOnCanary =
    phase === 'Progressing' && parsedNewest?.kind === 'not-ready' && parsedNewest.which === 'canary'
      ? newest
      : undefined;
  const warnAfter = waitingOnCanary ? 3 * interval : limit;
  const lastStep = events.find((e) => {
    const k = parseFlaggerEvent(e.message ?? '').kind;
    return k === 'advance' || k === 'new-revision';
  });
  const stepAt = lastStep ? eventTime(lastStep) : undefined;
  // In WaitingPromotion lastTransitionTime moves every interval: it says nothing about progress.
  const phaseAt = phase === 'WaitingPromotion' ? undefined : timeOf(canary.status?.lastTransitionTime);
  const progressAt = stepAt ?? phaseAt;
  if (progressAt === undefined) return [];
  const idle = (input.now - progressAt) / 1000;
  const facts: Fact[] = [
    { label: 'phase', value: phase, source: subject },
    { label: 'weight', value: `${canary.status?.canaryWeight ?? 0}%` },
    {
      label: 'last progress',
      value: `${formatSeconds(idle)} ago${lastStep ? ` (${lastStep.message})` : ' (lastTransitionTime)'}`,
    },
    {
      label: 'stall limit',
      value: waitingOnCanary
        ? `${formatSeconds(warnAfter)} = 3 × interval ${formatSeconds(interval)} while Flagger waits for the canary to become ready`
        : `${formatSeconds(limit)} = max(3 × interval ${formatSeconds(interval)}, progressDeadlineSeconds ${deadline})`,
    },
  ];
  if (waitingOnCanary)
    facts.push({ label: 'Flagger', value: waitingOnCanary.message ?? '', source: subject });
  if (idle <= warnAfter)
    return [
      canaryPass(
        stalledCause,
        subject,
        `Canary ${name} last progressed ${formatSeconds(idle)} ago, within its stall limit of ${formatSeconds(warnAfter)}.`,
      ),
    ];
  const phaseIdle = phaseAt !== undefined ? (input.now - phaseAt) / 1000 : undefined;
  const stuck = phaseIdle !== undefined && phaseIdle > limit && idle > limit;
  if (phaseIdle !== undefined) facts.push({ label: 'phase unchanged for', value: formatSeconds(phaseIdle) });
  if (waitingOnCanary && !stuck) {
    const notReady = parseFlaggerEvent(waitingOnCanary.message ?? '');
    const why = notReady.kind === 'not-ready' ? notReady.detail : '';
    return [
      canaryFinding(stalledCause, {
        severity: 'warning',
        subject,
        message: `Canary ${name} has made no progress for ${formatSeconds(idle)} in Progressing: Flagger is waiting for the canary Deployment ${canary.spec.targetRef?.name ?? name} to become ready${why ? ` (${why})` : ''}, and rolls back once it has been unavailable for progressDeadlineSeconds (${formatSeconds(deadline)}).`,
        facts,
        fix: {
          text: "See why the canary's pods are not ready (P01 names the worst pod):",
          command: `${input.kubectl} describe deployment ${canary.spec.targetRef?.name ?? name} -n ${input.namespace}`,
        },
      }),
    ];
  }
  return [
    canaryFinding(stalledCause, {
      severity: stuck ? 'error' : 'warning',
      subject,
      message: `Canary ${name} has made no progress for ${formatSeconds(idle)} in ${phase}${gate && !gated ? ' (no gate webhook holds it)' : ''}, beyond its stall limit of ${formatSeconds(limit)}${stuck ? `; its phase has not changed past the deadline either: Flagger neither advances nor rolls back` : ''}.`,
      facts,
      fix: {
        text: 'See what Flagger waits for (often the canary Deployment never becomes ready):',
        command: `${input.kubectl} describe canary ${name} -n ${input.namespace}`,
      },
    }),
  ];
}

function argoStall(input: CanaryInput, { rollout }: ArgoController): Finding[] {
  const subject = rolloutRef(rollout);
  const name = rollout.metadata.name;
  const phase = rollout.status?.phase ?? '';
  const progressing = condition(rollout, 'Progressing');
  if (phase !== 'Progressing' || rollout.spec.paused || (rollout.status?.pauseConditions?.length ?? 0) > 0) {
    return [
      canaryPass(
        stalledCause,
        subject,
        `Rollout ${name} is not progressing without moving (${phase || 'unknown'}).`,
      ),
    ];
  }
  const at = timeOf(progressing?.lastUpdateTime) ?? timeOf(progressing?.lastTransitionTime);
  if (at === undefined) return [];
  const deadline = progressDeadlineSeconds(rollout);
  const idle = (input.now - at) / 1000;
  if (idle <= deadline)
    return [
      canaryPass(
        stalledCause,
        subject,
        `Rollout ${name} last progressed ${formatSeconds(idle)} ago, within progressDeadlineSeconds (${deadline}).`,
      ),
    ];
  const steps = rollout.spec.strategy?.canary?.steps ?? [];
  const index = rollout.status?.currentStepIndex;
  return [
    canaryFinding(stalledCause, {
      severity: 'error',
      subject,
      message: `Rollout ${name} has been Progressing with no step change for ${formatSeconds(idle)}, past its progressDeadlineSeconds (${deadline})${rollout.status?.message ? `: ${rollout.status.message}` : ''}.`,
      facts: [
        { label: 'phase', value: phase, source: subject },
        ...(index !== undefined && index !== null && steps.length > 0
          ? [{ label: 'step', value: `${index + 1}/${steps.length}` }]
          : []),
        {
          label: 'Progressing condition',
          value: `${progressing?.reason ?? ''} ${progressing?.message ?? ''}`.trim() || 'none',
        },
        { label: 'last update', value: `${formatSeconds(idle)} ago` },
      ],
      fix: {
        text: 'See which replicas or analysis it waits for:',
        command: `${input.kubectl} argo rollouts get rollout ${name} -n ${input.namespace}`,
      },
    }),
  ];
}
