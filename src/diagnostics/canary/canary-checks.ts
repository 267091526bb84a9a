import { controllerChecks } from './checks/controller/controller-checks.ts';
import { healthChecks } from './checks/health/health-checks.ts';
import { podChecks } from './checks/pods/pod-checks.ts';
import { routingChecks } from './checks/routing/routing-checks.ts';
import { trafficChecks } from './checks/traffic/traffic-checks.ts';

/**
 * The canary checks, sorted by id like every area's list (src/diagnostics/index.ts joins them);
 * each folder holds one letter of canary.md §8.6: routing R, pods P, traffic T, health H, controller C.
 */
export const canaryChecks = [
  ...routingChecks,
  ...podChecks,
  ...trafficChecks,
  ...healthChecks,
  ...controllerChecks,
].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
