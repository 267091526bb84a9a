import type { CauseSpec } from '../../../../core/check.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { canaryRef, flaggerIntervalSeconds, flaggerOf } from './controller-state.ts';
import { flaggerThreshold, latestHalt } from './failed-checks.ts';
import { formatSeconds } from './parse-duration.ts';
import { eventTime } from './parse-flagger-event.ts';

export const overThresholdNotRolledBackCause: CauseSpec = {
  code: 'MESH0452',
  cause: 'over-threshold-not-rolled-back',
  title: 'C02 · Flagger over its failure threshold but not rolled back',
  severities: ['error', 'pass'],
};

// At failedChecks ≥ threshold Flagger should have rolled back (phase Failed). Still running past
// it means the canary keeps taking traffic after its analysis failed: Flagger is stuck in a phase
// that skips the rollback (flagger#1801, WaitingTrafficIncrease) or not reconciling at all. Flagger
// counts the failure that reaches the threshold in one run of its loop and rolls back in the next,
// one interval later (scheduler.go): until then the canary has failed and the rollback is due, which
// is said as such rather than as a stuck controller.
export const overThresholdNotRolledBack: CanaryCheck = {
  id: 'canary.over-threshold-not-rolled-back',
  area: 'canary',
  title: 'Flagger rolls back at its failure threshold',
  needs: ['flaggerCanaries', 'events'],
  emits: [overThresholdNotRolledBackCause],
  run(input) {
    const flagger = flaggerOf(input);
    if (!flagger) return [];
    const canary = flagger.canary;
    const threshold = flaggerThreshold(canary);
    if (threshold === undefined) return [];
    const subject = canaryRef(canary);
    const n = canary.status?.failedChecks ?? 0;
    const phase = canary.status?.phase ?? 'unknown';
    if (n < threshold || phase === 'Failed') {
      return [
        canaryPass(
          overThresholdNotRolledBackCause,
          subject,
          `Canary ${canary.metadata.name} is below its failure threshold (${n}/${threshold}) or already rolled back.`,
        ),
      ];
    }
    const halt = latestHalt(flagger.events);
    const interval = flaggerIntervalSeconds(canary);
    const haltAt = halt ? eventTime(halt.event) : undefined;
    const since = haltAt !== undefined ? Math.max(0, (input.now - haltAt) / 1000) : undefined;
    // Flagger rolls back at its next run in these phases; a few seconds' grace for its loop and the event's clock.
    const due =
      (phase === 'Progressing' || phase === 'WaitingPromotion') &&
      since !== undefined &&
      since <= interval + 5;
    if (due)
      return [
        canaryFinding(overThresholdNotRolledBackCause, {
          severity: 'error',
          subject,
          message: `Canary ${canary.metadata.name} failed its analysis: ${n} failed checks reached the threshold of ${threshold} ${formatSeconds(since ?? 0)} ago${halt ? ` (latest: ${halt.text})` : ''}, and Flagger rolls it back at its next check, within ${formatSeconds(interval)}.`,
          facts: [
            { label: 'failed checks', value: `${n}/${threshold}`, source: subject },
            { label: 'phase', value: phase, source: subject },
            { label: 'interval', value: formatSeconds(interval) },
            ...(halt ? [{ label: 'latest halt', value: halt.event.message ?? '', source: subject }] : []),
          ],
          fix: {
            text: 'Nothing to do for the rollback; see what failed:',
            command: `${input.kubectl} get events -n ${input.namespace} --field-selector involvedObject.kind=Canary,involvedObject.name=${canary.metadata.name} --sort-by=.lastTimestamp`,
          },
        }),
      ];
    return [
      canaryFinding(overThresholdNotRolledBackCause, {
        severity: 'error',
        subject,
        message: `Canary ${canary.metadata.name} has ${n} failed checks (threshold ${threshold}) but is still ${phase}, not rolled back: the canary keeps its traffic after its analysis failed (flagger#1801).`,
        facts: [
          { label: 'failed checks', value: `${n}/${threshold}`, source: subject },
          { label: 'phase', value: phase, source: subject },
          ...(halt ? [{ label: 'latest halt', value: halt.event.message ?? '', source: subject }] : []),
        ],
        fix: {
          text: "Check Flagger's log for why it does not roll back (in Flagger's namespace); to take the canary out of traffic now, set its weight to 0 or invoke the rollback webhook:",
          command: `${input.kubectl} logs deploy/flagger -n <flagger-namespace> | grep ${canary.metadata.name}`,
        },
      }),
    ];
  },
};
