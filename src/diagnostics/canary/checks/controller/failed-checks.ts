import type { CauseSpec } from '../../../../core/check.ts';
import type { Fact } from '../../../../core/finding.ts';
import type { KubeEvent } from '../../../../schemas/kube.ts';
import type { FlaggerCanary } from '../../../../schemas/rollouts.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { canaryRef, flaggerIntervalSeconds, flaggerOf } from './controller-state.ts';
import { formatSeconds } from './parse-duration.ts';
import { describeHalt, type FlaggerEvent, parseFlaggerEvent } from './parse-flagger-event.ts';

export const failedChecksCause: CauseSpec = {
  code: 'MESH0451',
  cause: 'failed-checks',
  title: 'C01 · Flagger failed checks',
  severities: ['warning', 'pass'],
};

/** The newest `Halt …` event (a metric out of range, no values, a failed webhook), as people read it. */
export function latestHalt(events: readonly KubeEvent[]): { event: KubeEvent; text: string } | undefined {
  for (const event of events) {
    const p: FlaggerEvent = parseFlaggerEvent(event.message ?? '');
    if (p.kind === 'halt-metric') return { event, text: describeHalt(p) };
    if (p.kind === 'halt-no-values')
      return { event, text: `no values found for ${p.metric ?? 'a metric'} (counts as a failure)` };
    if (p.kind === 'halt') return { event, text: p.detail };
  }
  return undefined;
}

export const flaggerThreshold = (canary: FlaggerCanary): number | undefined =>
  canary.spec.analysis?.threshold ?? undefined;

// failedChecks only grows during a run (a later success does not reset it, §1.3 step 9): at the
// threshold Flagger rolls back. Showing n/threshold and the last Halt (the only place the failing
// value and its limit appear) tells how close the rollback is and why. At or past the threshold
// C02 speaks instead.
export const failedChecks: CanaryCheck = {
  id: 'canary.failed-checks',
  area: 'canary',
  title: 'Flagger has no failed checks',
  needs: ['flaggerCanaries', 'events'],
  emits: [failedChecksCause],
  run(input) {
    const flagger = flaggerOf(input);
    if (!flagger) return [];
    const canary = flagger.canary;
    const subject = canaryRef(canary);
    const n = canary.status?.failedChecks ?? 0;
    const threshold = flaggerThreshold(canary);
    if (threshold !== undefined && n >= threshold) return []; // C02
    if (n === 0)
      return [canaryPass(failedChecksCause, subject, `Canary ${canary.metadata.name} has no failed checks.`)];
    const interval = flaggerIntervalSeconds(canary);
    const left = threshold !== undefined ? threshold - n : undefined;
    const halt = latestHalt(flagger.events);
    const facts: Fact[] = [
      {
        label: 'failed checks',
        value: threshold !== undefined ? `${n}/${threshold}` : String(n),
        source: subject,
      },
      { label: 'interval', value: formatSeconds(interval) },
    ];
    if (left !== undefined) {
      facts.push({
        label: 'rollback',
        value: `after ${left} more failed check${left === 1 ? '' : 's'} (≈ ${formatSeconds(left * interval)} if failures continue)`,
      });
    }
    if (halt) facts.push({ label: 'latest halt', value: halt.event.message ?? '', source: subject });
    return [
      canaryFinding(failedChecksCause, {
        severity: 'warning',
        subject,
        message: `Flagger counted ${n}${threshold !== undefined ? ` of ${threshold}` : ''} failed checks for ${canary.metadata.name}${left !== undefined ? `: ${left} more and it rolls back` : ''}${halt ? `. Latest: ${halt.text}` : ''}.`,
        facts,
        fix: {
          text: 'Failed checks never reset during a run. See what Flagger measured:',
          command: `${input.kubectl} get events -n ${input.namespace} --field-selector involvedObject.kind=Canary,involvedObject.name=${canary.metadata.name} --sort-by=.lastTimestamp`,
        },
      }),
    ];
  },
};
