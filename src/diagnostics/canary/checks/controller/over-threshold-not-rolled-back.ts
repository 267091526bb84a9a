import type { CauseSpec } from '../../../../core/check.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { canaryRef, flaggerOf } from './controller-state.ts';
import { flaggerThreshold, latestHalt } from './failed-checks.ts';

export const overThresholdNotRolledBackCause: CauseSpec = {
  code: 'MESH0452',
  cause: 'over-threshold-not-rolled-back',
  title: 'C02 · Flagger over its failure threshold but not rolled back',
  severities: ['error', 'pass'],
};

// At failedChecks ≥ threshold Flagger should have rolled back (phase Failed). Still running past
// it means the canary keeps taking traffic after its analysis failed: Flagger is stuck in a phase
// that skips the rollback (flagger#1801, WaitingTrafficIncrease) or not reconciling at all.
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
