import type { CauseSpec } from '../../../../core/check.ts';
import type { Fact } from '../../../../core/finding.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { analysisRunRef, argoCommand, argoOf, rolloutRef } from './controller-state.ts';

export const analysisInconclusiveCause: CauseSpec = {
  code: 'MESH0457',
  cause: 'analysis-inconclusive',
  title: 'C07 · Argo analysis inconclusive or erroring',
  severities: ['warning', 'pass'],
};

/** Argo's default consecutiveErrorLimit. */
export const defaultConsecutiveErrorLimit = 4;

const limitOf = (v: number | string | null | undefined): number => {
  const n = typeof v === 'string' ? Number(v) : v;
  return n !== undefined && n !== null && Number.isFinite(n) ? n : defaultConsecutiveErrorLimit;
};

// An inconclusive measurement pauses the rollout until someone promotes or aborts (§2.5); a metric
// whose queries keep erroring (Prometheus unreachable, a bad query) aborts it when
// consecutiveError reaches its limit: one error short of it is the moment to look.
export const analysisInconclusive: CanaryCheck = {
  id: 'canary.analysis-inconclusive',
  area: 'canary',
  title: 'The Argo analysis is conclusive and its queries answer',
  needs: ['argoRollouts', 'analysisRuns'],
  emits: [analysisInconclusiveCause],
  run(input) {
    const argo = argoOf(input);
    if (!argo) return [];
    const { rollout, analysisRuns } = argo;
    const subject = rolloutRef(rollout);
    const name = rollout.metadata.name;
    const facts: Fact[] = [];
    const pause = (rollout.status?.pauseConditions ?? []).find((p) => p.reason === 'InconclusiveAnalysisRun');
    if (pause)
      facts.push({
        label: 'pause',
        value: `InconclusiveAnalysisRun since ${pause.startTime ?? 'unknown'}`,
        source: subject,
      });
    const live = analysisRuns.filter((r) =>
      ['Running', 'Inconclusive', 'Pending', ''].includes(r.status?.phase ?? ''),
    );
    const erroring: string[] = [];
    for (const run of live) {
      for (const result of run.status?.metricResults ?? []) {
        const spec = run.spec.metrics?.find((m) => m.name === result.name);
        const limit = limitOf(spec?.consecutiveErrorLimit);
        const errors = result.consecutiveError ?? 0;
        if (errors > 0 && errors >= limit - 1) {
          const last = (result.measurements ?? []).at(-1)?.message;
          erroring.push(result.name);
          facts.push({
            label: `metric ${result.name}`,
            value: `${errors} consecutive errors (limit ${limit}: it aborts at the limit)${last ? `; last: ${last}` : ''}`,
            source: analysisRunRef(run),
          });
        }
        if (pause && result.phase === 'Inconclusive') {
          const values = (result.measurements ?? []).slice(-3).map((m) => m.value ?? m.phase ?? '?');
          facts.push({
            label: `metric ${result.name}`,
            value: `Inconclusive: last values [${values.join(', ')}]`,
            source: analysisRunRef(run),
          });
        }
      }
    }
    if (!pause && erroring.length === 0) {
      return [
        canaryPass(
          analysisInconclusiveCause,
          subject,
          `Rollout ${name}'s analysis is neither inconclusive nor erroring.`,
        ),
      ];
    }
    const parts = [
      pause ? 'its analysis was inconclusive and the rollout is paused until someone decides' : '',
      erroring.length > 0
        ? `metric ${erroring.join(', ')} keeps failing to measure (near its consecutiveErrorLimit: then the rollout aborts)`
        : '',
    ].filter(Boolean);
    return [
      canaryFinding(analysisInconclusiveCause, {
        severity: 'warning',
        subject,
        message: `Rollout ${name}: ${parts.join('; ')}.`,
        facts,
        fix: pause
          ? {
              text: 'Decide: promote if the canary is good, or abort (suggested, not run):',
              command: argoCommand(input, 'promote', name),
            }
          : {
              text: "Check the metric's provider and query (the measurement message says why it errors):",
              command: `${input.kubectl} get analysisrun -n ${input.namespace} -o yaml`,
            },
      }),
    ];
  },
};
