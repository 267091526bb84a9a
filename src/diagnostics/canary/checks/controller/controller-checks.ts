import { analysisInconclusive } from './analysis-inconclusive.ts';
import { argoDegraded } from './argo-degraded.ts';
import { failedChecks } from './failed-checks.ts';
import { failedStuck } from './failed-stuck.ts';
import { metricsUnreachable } from './metrics-unreachable.ts';
import { overThresholdNotRolledBack } from './over-threshold-not-rolled-back.ts';
import { stalled } from './stalled.ts';
import { suspendedOrPaused } from './suspended-or-paused.ts';
import { trafficRoutingRejected } from './traffic-routing-rejected.ts';
import { waitingOnGate } from './waiting-on-gate.ts';

/** The controller-state checks of canary status (canary.md §8.6 C01–C10), sorted by id. */
export const controllerChecks = [
  analysisInconclusive,
  argoDegraded,
  failedChecks,
  failedStuck,
  metricsUnreachable,
  overThresholdNotRolledBack,
  stalled,
  suspendedOrPaused,
  trafficRoutingRejected,
  waitingOnGate,
] as const;
