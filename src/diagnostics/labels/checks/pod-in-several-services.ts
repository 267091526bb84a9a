import type { CauseSpec } from '../../../core/check.ts';
import type { Finding } from '../../../core/finding.ts';
import { serviceSelects } from '../../../kube/service-selects.ts';
import { labelsFinding, labelsPass, refOf } from '../labels-finding.ts';
import type { LabelsCheck, LabelsInput } from '../labels-input.ts';

export const podInSeveralServicesCause: CauseSpec = {
  code: 'MESH0311',
  cause: 'pod-in-several-services',
  title: 'A pod is behind several Services with conflicting ports',
  severities: ['warning', 'pass'],
};

type Port = NonNullable<LabelsInput['services'][number]['spec']['ports']>[number];
const target = (p: Port) => String(p.targetPort ?? p.port);

// IST0116/IST0137 territory: two Services selecting one pod and sending one target port under two
// different protocols (port names) make istiod build the pod's inbound listener from one of them;
// the other Service's clients get the wrong protocol handling.
export const podInSeveralServices: LabelsCheck = {
  id: 'labels.pod-in-several-services',
  area: 'labels',
  title: 'No pod is behind Services that disagree on a port',
  needs: ['namespacePods', 'meshServices'],
  emits: [podInSeveralServicesCause],
  run({ appPods, allServices }) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const pod of appPods) {
      const behind = allServices.filter((s) => serviceSelects(s, pod));
      if (behind.length < 2) continue;
      const byTarget = new Map<string, { service: string; name: string }[]>();
      for (const s of behind)
        for (const p of s.spec.ports ?? [])
          byTarget.set(target(p), [
            ...(byTarget.get(target(p)) ?? []),
            { service: s.metadata.name, name: (p.appProtocol ?? p.name ?? '').split('-')[0] ?? '' },
          ]);
      for (const [port, uses] of byTarget) {
        const kinds = new Set(uses.map((u) => u.name));
        const key = `${behind
          .map((s) => s.metadata.name)
          .sort()
          .join(',')}:${port}`;
        if (kinds.size < 2 || seen.has(key)) continue;
        seen.add(key);
        findings.push(
          labelsFinding(podInSeveralServicesCause, {
            severity: 'warning',
            subject: refOf('Pod', pod),
            message: `Pod ${pod.metadata.name} is behind ${uses.map((u) => `${u.service} (${u.name || 'no protocol'})`).join(' and ')} on target port ${port}: the Services disagree on the protocol, and istiod builds the pod's inbound listener from one of them.`,
            fix: {
              text: 'Give the port the same protocol (name prefix or appProtocol) in every Service that selects these pods.',
            },
          }),
        );
      }
    }
    const [first] = appPods;
    if (findings.length === 0 && first)
      return [
        labelsPass(
          podInSeveralServicesCause,
          refOf('Pod', first),
          'No pod is behind Services that disagree on a port.',
        ),
      ];
    return findings;
  },
};
