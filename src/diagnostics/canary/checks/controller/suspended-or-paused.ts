import type { CauseSpec } from '../../../../core/check.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { argoCommand, canaryRef, rolloutRef } from './controller-state.ts';

export const suspendedOrPausedCause: CauseSpec = {
  code: 'MESH0459',
  cause: 'suspended-or-paused',
  title: 'C09 · Suspended, skip-analysis or manual pause',
  severities: ['info', 'pass'],
};

// A person switched the controller off or made it skip its analysis: nothing it shows moves, or
// a release is promoted without being judged. Worth saying first, since every other signal reads
// differently then.
export const suspendedOrPaused: CanaryCheck = {
  id: 'canary.suspended-or-paused',
  area: 'canary',
  title: 'The controller is neither suspended nor paused by hand',
  needs: ['flaggerCanaries', 'argoRollouts'],
  emits: [suspendedOrPausedCause],
  run(input) {
    const c = input.controller;
    const ns = input.namespace;
    if (c.kind === 'flagger') {
      const subject = canaryRef(c.canary);
      const name = c.canary.metadata.name;
      const { suspend, skipAnalysis } = c.canary.spec;
      if (!suspend && !skipAnalysis)
        return [
          canaryPass(
            suspendedOrPausedCause,
            subject,
            `Canary ${name} is neither suspended nor skipping its analysis.`,
          ),
        ];
      const field = suspend ? 'suspend' : 'skipAnalysis';
      return [
        canaryFinding(suspendedOrPausedCause, {
          severity: 'info',
          subject,
          message: suspend
            ? `Canary ${name} is suspended (spec.suspend: true): Flagger does nothing with it until it is resumed.${skipAnalysis ? ' It also skips its analysis.' : ''}`
            : `Canary ${name} skips its analysis (spec.skipAnalysis: true): a new revision is promoted without any metric check.`,
          facts: [
            { label: 'spec.suspend', value: String(Boolean(suspend)), source: subject },
            { label: 'spec.skipAnalysis', value: String(Boolean(skipAnalysis)), source: subject },
          ],
          fix: {
            text: `Unset ${field} when the pause is over:`,
            command: `${input.kubectl} patch canary ${name} -n ${ns} --type=merge -p '{"spec":{"${field}":false}}'`,
          },
        }),
      ];
    }
    if (c.kind === 'argo') {
      const subject = rolloutRef(c.rollout);
      const name = c.rollout.metadata.name;
      if (!c.rollout.spec.paused)
        return [canaryPass(suspendedOrPausedCause, subject, `Rollout ${name} is not paused by hand.`)];
      return [
        canaryFinding(suspendedOrPausedCause, {
          severity: 'info',
          subject,
          message: `Rollout ${name} is paused by hand (spec.paused: true): it does not move until resumed.`,
          facts: [{ label: 'spec.paused', value: 'true', source: subject }],
          fix: {
            text: 'Resume it when ready (suggested, not run):',
            command: argoCommand(input, 'promote', name),
          },
        }),
      ];
    }
    return [];
  },
};
