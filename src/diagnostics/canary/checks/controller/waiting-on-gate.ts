import type { CauseSpec } from '../../../../core/check.ts';
import type { Fact, Finding } from '../../../../core/finding.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck, CanaryInput } from '../../canary-input.ts';
import {
  type ArgoController,
  argoCommand,
  argoOf,
  canaryRef,
  type FlaggerController,
  flaggerOf,
  rolloutRef,
  timeOf,
} from './controller-state.ts';
import { formatSeconds, parseDurationSeconds } from './parse-duration.ts';
import { parseFlaggerEvent } from './parse-flagger-event.ts';

export const waitingOnGateCause: CauseSpec = {
  code: 'MESH0453',
  cause: 'waiting-on-gate',
  title: 'C03 · Waiting on a gate or a pause step',
  severities: ['info', 'pass'],
};

/** The Flagger gate each waiting phase stands for. */
const gateOfPhase: Readonly<Record<string, string>> = {
  Waiting: 'confirm-rollout',
  WaitingPromotion: 'confirm-promotion',
};

// Waiting is not failing: the rollout holds until someone (or a gate webhook) lets it go. Say which
// gate, since when, how long a timed pause has left, and the command that releases it (suggested,
// never run). Argo's InconclusiveAnalysisRun pause is C07's; a manual pause (spec.paused) is C09's.
export const waitingOnGate: CanaryCheck = {
  id: 'canary.waiting-on-gate',
  area: 'canary',
  title: 'The rollout is not waiting on a gate',
  needs: ['flaggerCanaries', 'argoRollouts', 'events'],
  emits: [waitingOnGateCause],
  run(input) {
    const flagger = flaggerOf(input);
    if (flagger) return flaggerGate(input, flagger);
    const argo = argoOf(input);
    if (argo) return argoPause(input, argo);
    return [];
  },
};

function flaggerGate(input: CanaryInput, { canary, events }: FlaggerController): Finding[] {
  const subject = canaryRef(canary);
  const phase = canary.status?.phase ?? '';
  const [newest] = events;
  const parsed = newest ? parseFlaggerEvent(newest.message ?? '') : undefined;
  const waitingEvent = parsed?.kind === 'waiting-approval' ? newest : undefined;
  const gate = gateOfPhase[phase] ?? (waitingEvent ? 'confirm-traffic-increase' : undefined);
  if (!gate)
    return [
      canaryPass(
        waitingOnGateCause,
        subject,
        `Canary ${canary.metadata.name} is not waiting on a gate (phase ${phase || 'unknown'}).`,
      ),
    ];
  const hooks = (canary.spec.analysis?.webhooks ?? []).filter((w) => w.type === gate);
  const facts: Fact[] = [{ label: 'phase', value: phase || 'unknown', source: subject }];
  for (const h of hooks)
    facts.push({
      label: `${gate} webhook`,
      value: `${h.name}${h.url ? ` → ${h.url}` : ''}`,
      source: subject,
    });
  if (waitingEvent) facts.push({ label: 'Flagger', value: waitingEvent.message ?? '', source: subject });
  const since = timeOf(canary.status?.lastTransitionTime);
  if (since !== undefined && phase === 'Waiting')
    facts.push({ label: 'waiting for', value: formatSeconds((input.now - since) / 1000) });
  const hook = hooks[0];
  return [
    canaryFinding(waitingOnGateCause, {
      severity: 'info',
      subject,
      message: `Canary ${canary.metadata.name} is waiting on its ${gate} gate${hook ? ` (${hook.name})` : ''}: it will not ${gate === 'confirm-promotion' ? 'promote' : gate === 'confirm-rollout' ? 'start' : 'raise the weight'} until the gate opens.`,
      facts,
      fix: hook?.url
        ? {
            text: `Open the gate through the webhook's service (Flagger's load tester: POST /gate/open with the canary's name and namespace):`,
            command: `curl -d '{"name":"${canary.metadata.name}","namespace":"${input.namespace}"}' ${hook.url.replace(/\/gate\/(check|halt)$/, '')}/gate/open`,
          }
        : { text: `Open the ${gate} gate the Canary's webhook consults, or remove the webhook.` },
    }),
  ];
}

function argoPause(input: CanaryInput, { rollout }: ArgoController): Finding[] {
  const subject = rolloutRef(rollout);
  const name = rollout.metadata.name;
  const pauses = (rollout.status?.pauseConditions ?? []).filter(
    (p) => p.reason !== 'InconclusiveAnalysisRun',
  );
  const [pause] = pauses;
  if (!pause) return [canaryPass(waitingOnGateCause, subject, `Rollout ${name} is not paused on a step.`)];
  const steps = rollout.spec.strategy?.canary?.steps ?? [];
  const index = rollout.status?.currentStepIndex ?? undefined;
  const step = index !== undefined ? steps[index] : undefined;
  const started = timeOf(pause.startTime);
  const duration = parseDurationSeconds(step?.pause?.duration);
  const facts: Fact[] = [{ label: 'pause', value: pause.reason, source: subject }];
  if (index !== undefined && steps.length > 0)
    facts.push({ label: 'step', value: `${index + 1}/${steps.length}` });
  if (pause.startTime) facts.push({ label: 'paused since', value: pause.startTime });
  let timing = 'pause indefinite: waiting for promote';
  if (pause.reason === 'CanaryPauseStep' && duration !== undefined) {
    const left = started !== undefined ? duration - (input.now - started) / 1000 : undefined;
    timing = `pause ${formatSeconds(duration)}${left !== undefined ? `, ${left > 0 ? `${formatSeconds(left)} left` : 'due now'}` : ''}`;
  }
  facts.push({ label: 'timing', value: timing });
  return [
    canaryFinding(waitingOnGateCause, {
      severity: 'info',
      subject,
      message: `Rollout ${name} is paused (${pause.reason})${index !== undefined && steps.length > 0 ? ` on step ${index + 1}/${steps.length}` : ''}: ${timing}.`,
      facts,
      fix: {
        text: 'To go on without waiting (suggested, not run):',
        command: argoCommand(input, 'promote', name),
      },
    }),
  ];
}
