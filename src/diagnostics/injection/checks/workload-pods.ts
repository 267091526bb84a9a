import { findSidecar } from '../../../kube/find-sidecar.ts';
import { injectionFinding } from '../injection-finding.ts';
import { restartCommand } from '../injection-fixes.ts';
import type { InjectionCheck } from '../injection-input.ts';
import { alreadyInjectedCause } from './already-injected.ts';
import { createdBeforeEnablementCause } from './created-before-enablement.ts';

// A workload's running pods were each injected (or not) when created. Pods without a sidecar
// whose template would not be injected either are explained by the template's cause; only pods
// that a restart would fix get a finding of their own.
export const workloadPods: InjectionCheck = {
  id: 'injection.workload-pods',
  area: 'injection',
  stage: 'creation',
  title: "The workload's running pods have sidecars",
  needs: ['pod', 'namespace', 'mutatingWebhooks', 'injectorConfigs', 'workload', 'workloadPods'],
  emits: [alreadyInjectedCause, createdBeforeEnablementCause],
  run({ workload, target, wouldInjectNow, fix }) {
    const states = (workload?.pods ?? []).map((pod) => ({ pod, sidecar: findSidecar(pod) }));
    return states
      .filter((s) => s.sidecar || wouldInjectNow)
      .map(({ pod, sidecar }) => {
        const subject = { kind: 'Pod', namespace: target.namespace, name: pod.metadata.name };
        if (sidecar) {
          return injectionFinding(alreadyInjectedCause, {
            severity: 'pass',
            subject,
            message: `Pod ${pod.metadata.name} has a sidecar${sidecar.proxyVersion ? ` (proxy ${sidecar.proxyVersion})` : ''}.`,
          });
        }
        return injectionFinding(createdBeforeEnablementCause, {
          severity: 'error',
          subject,
          message: `Pod ${pod.metadata.name} has no sidecar; it was created (${pod.metadata.creationTimestamp ?? 'time unknown'}) before injection was enabled.`,
          fix: {
            text: 'Restart the workload so its pods are recreated through the webhook.',
            command: restartCommand(fix),
          },
        });
      });
  },
};
