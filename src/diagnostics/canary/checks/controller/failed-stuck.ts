import type { CauseSpec } from '../../../../core/check.ts';
import type { Fact } from '../../../../core/finding.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { canaryRef, flaggerOf } from './controller-state.ts';
import { latestHalt } from './failed-checks.ts';
import { latestFlaggerEvent } from './parse-flagger-event.ts';

export const failedStuckCause: CauseSpec = {
  code: 'MESH0455',
  cause: 'failed-stuck',
  title: 'C05 · Flagger stuck in Failed',
  severities: ['error', 'pass'],
};

// After a rollback Flagger stays in Failed until the target's pod spec changes again (#1152):
// lastAppliedSpec (the rejected revision) differs from lastPromotedSpec (what the primary runs).
// Flagger resets failedChecks to 0 when it rolls back, so the count and the failing metric come
// from its events: "Rolling back … failed checks threshold reached N" and the latest "Halt …".
export const failedStuck: CanaryCheck = {
  id: 'canary.failed-stuck',
  area: 'canary',
  title: 'Flagger is not stuck in Failed',
  needs: ['flaggerCanaries', 'events'],
  emits: [failedStuckCause],
  run(input) {
    const flagger = flaggerOf(input);
    if (!flagger) return [];
    const { canary, events } = flagger;
    const subject = canaryRef(canary);
    const name = canary.metadata.name;
    const status = canary.status;
    if (status?.phase !== 'Failed')
      return [canaryPass(failedStuckCause, subject, `Canary ${name} is not in Failed.`)];
    const applied = status.lastAppliedSpec ?? undefined;
    const promoted = status.lastPromotedSpec ?? undefined;
    if (applied !== undefined && promoted !== undefined && applied === promoted) {
      return [
        canaryPass(
          failedStuckCause,
          subject,
          `Canary ${name} failed, but its target is back on the promoted spec.`,
        ),
      ];
    }
    const rollback = latestFlaggerEvent(events, 'rollback');
    const halt = latestHalt(events);
    // A canary that never became ready is rolled back at progressDeadlineSeconds with no "Rolling
    // back" event: Flagger's last "canary deployment … not ready" says why.
    const notReady = rollback || halt ? undefined : latestFlaggerEvent(events, 'not-ready');
    const unready = notReady?.parsed.which === 'canary' ? notReady : undefined;
    const target = canary.spec.targetRef?.name ?? name;
    const facts: Fact[] = [
      { label: 'phase', value: 'Failed', source: subject },
      { label: 'lastAppliedSpec', value: applied ?? 'unknown' },
      { label: 'lastPromotedSpec', value: promoted ?? 'unknown' },
    ];
    if (rollback) facts.push({ label: 'rollback', value: rollback.event.message ?? '', source: subject });
    if (halt) facts.push({ label: 'latest halt', value: halt.event.message ?? '', source: subject });
    if (unready) facts.push({ label: 'Flagger', value: unready.event.message ?? '', source: subject });
    const why =
      rollback?.parsed.failedChecks !== undefined
        ? ` after ${rollback.parsed.failedChecks} failed checks`
        : rollback
          ? ` (${rollback.parsed.detail})`
          : unready
            ? ` because its canary Deployment did not become ready within progressDeadlineSeconds (${canary.spec.progressDeadlineSeconds ?? 600}s; Flagger: "${unready.parsed.detail || 'not ready'}")`
            : '';
    return [
      canaryFinding(failedStuckCause, {
        severity: 'error',
        subject,
        message: `Canary ${name} was rolled back${why}${halt ? ` (latest: ${halt.text})` : ''} and stays Failed: the primary serves the previous revision, and Flagger waits for a new change to ${target} before it analyses again.`,
        facts,
        fix: {
          text: `Fix the release and push a new revision of ${target}; to retry the same one, change its pod template (a restart annotation does):`,
          command: `${input.kubectl} rollout restart deployment/${target} -n ${input.namespace}`,
        },
      }),
    ];
  },
};
