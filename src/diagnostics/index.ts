import { canaryChecks } from './canary/canary-checks.ts';
import { injectionChecks } from './injection/injection-checks.ts';
import { labelsChecks } from './labels/labels-checks.ts';
import { certificateFindingsProducer } from './proxy/certificate-findings.ts';
import { configStateFindingsProducer } from './proxy/config-state-findings.ts';
import { endpointFindingsProducer } from './proxy/endpoint-findings.ts';
import { tlsChecks } from './tls/tls-checks.ts';

/**
 * Every check, by area, each area sorted by id: the catalogue and the contract tests read this.
 * Commands read their area's own list (injection/injection-checks.ts, tls/tls-checks.ts), so a
 * command loads only its own checks.
 */
export const checks = [...canaryChecks, ...injectionChecks, ...labelsChecks, ...tlsChecks] as const;
/** Producers of proxy findings (called by the proxy commands with parsed Envoy data), sorted by id. */
export const findingProducers = [
  certificateFindingsProducer,
  configStateFindingsProducer,
  endpointFindingsProducer,
] as const;
