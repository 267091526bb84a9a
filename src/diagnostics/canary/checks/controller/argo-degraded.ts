import type { CauseSpec } from '../../../../core/check.ts';
import type { Fact } from '../../../../core/finding.ts';
import type { AnalysisRun, ArgoRollout } from '../../../../schemas/rollouts.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { analysisRunRef, argoAborted, argoCommand, argoOf, rolloutRef } from './controller-state.ts';

export const argoDegradedCause: CauseSpec = {
  code: 'MESH0456',
  cause: 'argo-degraded',
  title: 'C06 · Argo Rollout degraded or aborted',
  severities: ['error', 'pass'],
};

const failedPhases = new Set(['Failed', 'Error']);

/** The AnalysisRun that decided an abort: the one the status names, else the newest failed one. */
export function decidingRun(rollout: ArgoRollout, runs: readonly AnalysisRun[]): AnalysisRun | undefined {
  const named = [
    rollout.status?.canary?.currentStepAnalysisRunStatus,
    rollout.status?.canary?.currentBackgroundAnalysisRunStatus,
  ]
    .map((s) => s?.name)
    .filter((n) => n !== undefined);
  const byName = runs.filter(
    (r) => named.includes(r.metadata.name) && failedPhases.has(r.status?.phase ?? ''),
  );
  return byName[0] ?? runs.find((r) => failedPhases.has(r.status?.phase ?? ''));
}

// Argo's abort message is terse ("Metric "x" assessed Failed due to failed (n) > failureLimit (m)",
// no value: #3008, #2741): the failing metric's last measurements and its condition are in the
// AnalysisRun, which is where people have to dig. Degraded also covers InvalidSpec and
// ProgressDeadlineExceeded: their condition says why.
export const argoDegraded: CanaryCheck = {
  id: 'canary.argo-degraded',
  area: 'canary',
  title: 'The Argo Rollout is not degraded',
  needs: ['argoRollouts', 'analysisRuns'],
  emits: [argoDegradedCause],
  run(input) {
    const argo = argoOf(input);
    if (!argo) return [];
    const { rollout, analysisRuns } = argo;
    const subject = rolloutRef(rollout);
    const name = rollout.metadata.name;
    const aborted = argoAborted(rollout);
    if (rollout.status?.phase !== 'Degraded' && !aborted) {
      return [
        canaryPass(
          argoDegradedCause,
          subject,
          `Rollout ${name} is not degraded (${rollout.status?.phase ?? 'unknown'}).`,
        ),
      ];
    }
    const facts: Fact[] = [{ label: 'phase', value: rollout.status?.phase ?? 'unknown', source: subject }];
    const bad = (rollout.status?.conditions ?? []).filter(
      (c) =>
        ['RolloutAborted', 'ProgressDeadlineExceeded', 'AnalysisRunFailed'].includes(c.reason ?? '') ||
        (c.type === 'InvalidSpec' && c.status === 'True'),
    );
    for (const c of bad)
      facts.push({
        label: `${c.type} condition`,
        value: `${c.reason ?? ''}: ${c.message ?? ''}`,
        source: subject,
      });
    let metricText = '';
    const run = aborted ? decidingRun(rollout, analysisRuns) : undefined;
    if (run) {
      const results = (run.status?.metricResults ?? []).filter((m) => failedPhases.has(m.phase ?? ''));
      for (const result of results) {
        const spec = run.spec.metrics?.find((m) => m.name === result.name);
        const values = (result.measurements ?? []).slice(-3).map((m) => m.value ?? m.phase ?? '?');
        const cond = [
          spec?.successCondition ? `success when ${spec.successCondition}` : '',
          spec?.failureCondition ? `failure when ${spec.failureCondition}` : '',
          `failureLimit ${spec?.failureLimit ?? 0}`,
        ]
          .filter(Boolean)
          .join(', ');
        facts.push({
          label: `metric ${result.name}`,
          value: `${result.phase}: last ${values.length} measurement${values.length === 1 ? '' : 's'} [${values.join(', ')}], failed ${result.failed ?? 0}, error ${result.error ?? 0}; ${cond}`,
          source: analysisRunRef(run),
        });
        if (!metricText)
          metricText = `; metric ${result.name} failed (last values ${values.join(', ')}; ${cond})`;
      }
      if (results.length === 0 && run.status?.message)
        facts.push({ label: 'analysis', value: run.status.message, source: analysisRunRef(run) });
    }
    const reason = bad[0]?.reason ?? (aborted ? 'RolloutAborted' : 'Degraded');
    // Argo writes a Degraded phase's message as "<reason>: <condition message>" (CalculateRolloutPhase):
    // the reason is said once.
    const written = rollout.status?.message ?? bad[0]?.message ?? '';
    const message = written.startsWith(`${reason}: `) ? written.slice(reason.length + 2) : written;
    return [
      canaryFinding(argoDegradedCause, {
        severity: 'error',
        subject,
        message:
          `Rollout ${name} is ${aborted ? 'aborted' : 'degraded'} (${reason}${message ? `: ${message}` : ''})${metricText}. ${aborted ? 'Traffic is back on stable.' : ''}`.trim(),
        facts,
        fix: aborted
          ? {
              text: 'Fix the release and deploy a new revision, or retry this one once the cause is fixed (suggested, not run):',
              command: argoCommand(input, 'retry rollout', name),
            }
          : {
              text: 'See the condition and the replicas it reports:',
              command: `${input.kubectl} argo rollouts get rollout ${name} -n ${input.namespace}`,
            },
      }),
    ];
  },
};
