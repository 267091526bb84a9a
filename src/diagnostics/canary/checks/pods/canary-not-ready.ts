import type { CauseSpec } from '../../../../core/check.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { rolledBack } from '../controller/controller-state.ts';
import { notReadyFinding } from './pod-trouble.ts';

export const canaryNotReadyCause: CauseSpec = {
  code: 'MESH0421',
  cause: 'canary-not-ready',
  title: 'P01 · Canary pods not ready',
  severities: ['error', 'warning', 'pass'],
};

// A canary that takes traffic while its pods are not ready fails requests now (error); at weight 0
// it only blocks the rollout (warning). After a rollback or abort the controller scales the canary
// down on purpose and routes nothing to it: silence (canary.md §8.4.1).
export const canaryNotReady: CanaryCheck = {
  id: 'canary.canary-not-ready',
  area: 'canary',
  title: 'The canary pods are ready',
  needs: [
    'namespacePods',
    'namespaceDeployments',
    'replicaSets',
    'flaggerCanaries',
    'argoRollouts',
    'events',
  ],
  emits: [canaryNotReadyCause],
  run(input) {
    const v = input.canary;
    if (!v) return [];
    const weight = v.effectiveWeight ?? v.controllerWeight ?? 0;
    if (weight === 0 && rolledBack(input)) return [];
    const finding = notReadyFinding(
      input,
      v,
      canaryNotReadyCause,
      weight > 0 ? 'error' : 'warning',
      'Canary',
    );
    return finding ? [finding] : [];
  },
};
