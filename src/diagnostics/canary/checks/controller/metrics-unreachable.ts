import type { CauseSpec } from '../../../../core/check.ts';
import type { Fact } from '../../../../core/finding.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { appRef } from '../traffic/traffic-shape.ts';
import { canaryRef, flaggerOf } from './controller-state.ts';
import { latestFlaggerEvent } from './parse-flagger-event.ts';

export const metricsUnreachableCause: CauseSpec = {
  code: 'MESH0460',
  cause: 'metrics-unreachable',
  title: 'C10 · Metrics provider unreachable',
  severities: ['error', 'pass'],
};

// Without metrics nothing can be judged healthy: meshdoc's own Prometheus failing, or Flagger
// saying it cannot reach its provider (every analysis then fails). An error that means "could not
// judge": the verdict makes it UNKNOWN, never healthy (canary.md §8.4.1). Offline or an
// unconfigured Prometheus is not a failure: then the check says nothing.
export const metricsUnreachable: CanaryCheck = {
  id: 'canary.metrics-unreachable',
  area: 'canary',
  title: 'The metrics provider answers',
  needs: ['flaggerCanaries', 'events'],
  emits: [metricsUnreachableCause],
  run(input) {
    const flagger = flaggerOf(input);
    const flaggerSays = flagger ? latestFlaggerEvent(flagger.events, 'metrics-error') : undefined;
    const facts: Fact[] = [];
    if (input.metricsFailed)
      facts.push({ label: 'meshdoc → Prometheus', value: input.metricsWhy ?? 'failed' });
    if (flagger && flaggerSays)
      facts.push({
        label: 'Flagger',
        value: flaggerSays.event.message ?? '',
        source: canaryRef(flagger.canary),
      });
    const subject = flagger ? canaryRef(flagger.canary) : appRef(input);
    if (facts.length === 0) {
      if (!input.metrics) return [];
      return [canaryPass(metricsUnreachableCause, subject, 'Prometheus answered the canary queries.')];
    }
    const who = [
      input.metricsFailed ? `meshdoc could not query Prometheus (${input.metricsWhy ?? 'failed'})` : '',
      flaggerSays
        ? `Flagger cannot check its metric providers (${flaggerSays.parsed.detail || 'no detail'})`
        : '',
    ].filter(Boolean);
    return [
      canaryFinding(metricsUnreachableCause, {
        severity: 'error',
        subject,
        message: `No metrics to judge the canary: ${who.join('; ')}. Its health is unknown, not healthy.`,
        facts,
        fix: flaggerSays
          ? {
              text: "Check the address in the Canary's metric templates (or Flagger's -metrics-server flag) and that Prometheus answers from Flagger's namespace.",
            }
          : {
              text: "Check meshdoc's Prometheus address and that it answers from where meshdoc runs, then ask again.",
            },
      }),
    ];
  },
};
