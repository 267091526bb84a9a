import { alreadyInjected } from './checks/already-injected.ts';
import { alwaysInjectSelector } from './checks/always-inject-selector.ts';
import { ambientWithSidecar } from './checks/ambient-with-sidecar.ts';
import { createdBeforeEnablement } from './checks/created-before-enablement.ts';
import { hostNetwork } from './checks/host-network.ts';
import { injectorPolicy } from './checks/injector-policy.ts';
import { invalidInjectValue } from './checks/invalid-inject-value.ts';
import { multipleWebhooks } from './checks/multiple-webhooks.ts';
import { namespaceLabelConflict } from './checks/namespace-label-conflict.ts';
import { neverInjectSelector } from './checks/never-inject-selector.ts';
import { podOptOut } from './checks/pod-opt-out.ts';
import { podRevisionLabel } from './checks/pod-revision-label.ts';
import { systemNamespace } from './checks/system-namespace.ts';
import { webhookCallFailed } from './checks/webhook-call-failed.ts';
import { webhookSelection } from './checks/webhook-selection.ts';
import { workloadPods } from './checks/workload-pods.ts';
import type { InjectionCheck } from './injection-input.ts';

/**
 * The injection checks, sorted by id: why-not-injected runs them all, in istiod's stage order.
 * Adding a check: one file in checks/, one line here. Its own list, so a command of another area
 * never loads these (every module evaluated at start costs every CLI start).
 */
export const injectionChecks: readonly InjectionCheck[] = [
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
];
