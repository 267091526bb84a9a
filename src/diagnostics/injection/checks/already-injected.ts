import type { CauseSpec } from '../../../core/check.ts';
import type { Fact, ObjectRef } from '../../../core/finding.ts';
import type { Sidecar } from '../../../kube/find-sidecar.ts';
import { injectionFinding } from '../injection-finding.ts';
import { restartCommand } from '../injection-fixes.ts';
import type { InjectionCheck } from '../injection-input.ts';

export const alreadyInjectedCause: CauseSpec = {
  code: 'MESH0100',
  cause: 'already-injected',
  title: 'Pod already has an Istio sidecar',
  severities: ['pass', 'warning', 'info'],
};

// Injection happens only on CREATE, so an injected pod keeps its sidecar until recreated; what
// matters next is whether a new pod would be injected, and by which revision (§1.4).
export const alreadyInjected: InjectionCheck = {
  id: 'injection.already-injected',
  area: 'injection',
  stage: 'injected',
  title: 'Pod already has an Istio sidecar',
  needs: ['pod', 'namespace', 'mutatingWebhooks', 'injectorConfigs'],
  emits: [alreadyInjectedCause],
  run(input) {
    const { sidecar, pod, target } = input;
    if (!sidecar || input.targetKind === 'workload') return [];
    const findings = [
      injectionFinding(alreadyInjectedCause, {
        severity: 'pass',
        subject: target,
        message: `Pod ${pod.metadata.name} already has an Istio sidecar${sidecar.proxyVersion ? ` (proxy ${sidecar.proxyVersion})` : ''}${sidecar.revision ? `, injected by revision ${sidecar.revision}` : ''}.`,
        facts: sidecarFacts(sidecar, target),
      }),
    ];
    if (input.wouldInjectNow === false) {
      findings.push(
        injectionFinding(alreadyInjectedCause, {
          severity: 'warning',
          subject: target,
          message:
            'A pod created now with these labels would NOT be injected: the next restart will drop the sidecar.',
        }),
      );
    }
    const called = input.called ?? [];
    if (called.length > 0 && sidecar.revision && !called.some((c) => c.revision === sidecar.revision)) {
      findings.push(
        injectionFinding(alreadyInjectedCause, {
          severity: 'info',
          subject: target,
          message: `The namespace now selects revision ${called[0]?.revision}, but this pod was injected by ${sidecar.revision}; restart it to move it.`,
          fix: {
            text: 'Restart the workload to pick up the current revision.',
            command: restartCommand(input.fix),
          },
        }),
      );
    }
    return findings;
  },
};

function sidecarFacts(sidecar: Sidecar, source: ObjectRef): Fact[] {
  const facts: Fact[] = [
    {
      label: 'sidecar',
      value:
        sidecar.style === 'native'
          ? 'istio-proxy (native sidecar, init container)'
          : sidecar.style === 'container'
            ? 'istio-proxy container'
            : 'sidecar.istio.io/status annotation',
      source,
    },
  ];
  if (sidecar.image) facts.push({ label: 'proxy image', value: sidecar.image, source });
  if (sidecar.revision) facts.push({ label: 'revision', value: sidecar.revision, source });
  return facts;
}
