import { callersOutsideMesh } from './callers-outside-mesh.ts';
import { canaryNotReady } from './canary-not-ready.ts';
import { hpaScaling } from './hpa-scaling.ts';
import { noSidecar } from './no-sidecar.ts';
import { noVersionLabel } from './no-version-label.ts';
import { stableNotReady } from './stable-not-ready.ts';

/** The pod and sidecar checks of canary status (canary.md §8.6 P01–P06), sorted by id. */
export const podChecks = [
  callersOutsideMesh,
  canaryNotReady,
  hpaScaling,
  noSidecar,
  noVersionLabel,
  stableNotReady,
] as const;
