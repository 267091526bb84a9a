import { canary4xxShift } from './canary-4xx-shift.ts';
import { canaryBreaksLimit } from './canary-breaks-limit.ts';
import { canaryWorseThanStable } from './canary-worse-than-stable.ts';
import { flaggerParity } from './flagger-parity.ts';
import { grpcErrors } from './grpc-errors.ts';

/** The health checks of canary status (canary.md §8.6 H01–H05), sorted by id. */
export const healthChecks = [
  canary4xxShift,
  canaryBreaksLimit,
  canaryWorseThanStable,
  flaggerParity,
  grpcErrors,
] as const;
