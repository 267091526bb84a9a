import type { CauseSpec } from '../../../../core/check.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { notReadyFinding } from './pod-trouble.ts';

export const stableNotReadyCause: CauseSpec = {
  code: 'MESH0422',
  cause: 'stable-not-ready',
  title: 'P02 · Stable or primary pods not ready',
  severities: ['error', 'pass'],
};

// The baseline carries most of the traffic and is what a rollback falls back to: a stable (or
// Flagger primary) that is not ready fails requests whatever the canary does. Flagger itself
// rolls back on a stuck primary (canary.md §1.3 step 4).
export const stableNotReady: CanaryCheck = {
  id: 'canary.stable-not-ready',
  area: 'canary',
  title: 'The stable (primary) pods are ready',
  needs: ['namespacePods', 'namespaceDeployments', 'replicaSets', 'flaggerCanaries', 'events'],
  emits: [stableNotReadyCause],
  run(input) {
    const v = input.stable;
    if (!v) return [];
    const what = input.mode === 'flagger' ? 'Primary' : 'Stable';
    const finding = notReadyFinding(input, v, stableNotReadyCause, 'error', what);
    return finding ? [finding] : [];
  },
};
