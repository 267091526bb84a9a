import { alreadyInjected } from './injection/checks/already-injected.ts';
import { alwaysInjectSelector } from './injection/checks/always-inject-selector.ts';
import { ambientWithSidecar } from './injection/checks/ambient-with-sidecar.ts';
import { createdBeforeEnablement } from './injection/checks/created-before-enablement.ts';
import { hostNetwork } from './injection/checks/host-network.ts';
import { injectorPolicy } from './injection/checks/injector-policy.ts';
import { invalidInjectValue } from './injection/checks/invalid-inject-value.ts';
import { multipleWebhooks } from './injection/checks/multiple-webhooks.ts';
import { namespaceLabelConflict } from './injection/checks/namespace-label-conflict.ts';
import { neverInjectSelector } from './injection/checks/never-inject-selector.ts';
import { podOptOut } from './injection/checks/pod-opt-out.ts';
import { podRevisionLabel } from './injection/checks/pod-revision-label.ts';
import { systemNamespace } from './injection/checks/system-namespace.ts';
import { webhookCallFailed } from './injection/checks/webhook-call-failed.ts';
import { webhookSelection } from './injection/checks/webhook-selection.ts';
import { workloadPods } from './injection/checks/workload-pods.ts';
import { certificateFindingsProducer } from './proxy/certificate-findings.ts';
import { configStateFindingsProducer } from './proxy/config-state-findings.ts';
import { endpointFindingsProducer } from './proxy/endpoint-findings.ts';
import { tlsChecks } from './tls/tls-checks.ts';

/**
 * Every check, sorted by id. Adding a check: one file in its area folder, one line here (or in
 * its area's list: tls/tls-checks.ts).
 */
export const checks = [
  alreadyInjected,
  alwaysInjectSelector,
  ambientWithSidecar,
  createdBeforeEnablement,
  hostNetwork,
  injectorPolicy,
  invalidInjectValue,
  multipleWebhooks,
  namespaceLabelConflict,
  neverInjectSelector,
  podOptOut,
  podRevisionLabel,
  systemNamespace,
  webhookCallFailed,
  webhookSelection,
  workloadPods,
  ...tlsChecks,
] as const;

/** Producers of proxy findings (called by the proxy commands with parsed Envoy data), sorted by id. */
export const findingProducers = [
  certificateFindingsProducer,
  configStateFindingsProducer,
  endpointFindingsProducer,
] as const;
