/** Envoy's HealthStatus enum, in proto order (a number in a dump is an index into it). */
export const healthStatusNames = [
  'UNKNOWN',
  'HEALTHY',
  'UNHEALTHY',
  'DRAINING',
  'TIMEOUT',
  'DEGRADED',
] as const;
