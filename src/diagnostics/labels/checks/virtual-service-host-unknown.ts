import type { CauseSpec } from '../../../core/check.ts';
import type { Finding } from '../../../core/finding.ts';
import { resolveHost } from '../host-resolution.ts';
import { labelsFinding, labelsPass, refOf } from '../labels-finding.ts';
import type { LabelsCheck } from '../labels-input.ts';

export const virtualServiceHostUnknownCause: CauseSpec = {
  code: 'MESH0305',
  cause: 'virtual-service-host-unknown',
  title: 'A VirtualService routes to a host that resolves to nothing',
  severities: ['error', 'pass'],
};

// A route destination naming no Service or ServiceEntry (short names resolve in the
// VirtualService's namespace) has no cluster: its share of traffic gets 503.
export const virtualServiceHostUnknown: LabelsCheck = {
  id: 'labels.virtual-service-host-unknown',
  area: 'labels',
  title: 'Every route destination exists',
  needs: ['meshVirtualServices', 'meshServices', 'serviceEntries'],
  emits: [virtualServiceHostUnknownCause],
  run({ virtualServices, allServices, serviceEntries }) {
    const findings: Finding[] = [];
    for (const vs of virtualServices) {
      const ns = vs.metadata.namespace ?? 'default';
      const hosts = new Set(
        [...(vs.spec.http ?? []), ...(vs.spec.tcp ?? []), ...(vs.spec.tls ?? [])].flatMap((r) =>
          (r.route ?? []).flatMap((d) => (d.destination ? [d.destination.host] : [])),
        ),
      );
      for (const host of hosts) {
        if (resolveHost(host, ns, allServices, serviceEntries)) continue;
        findings.push(
          labelsFinding(virtualServiceHostUnknownCause, {
            severity: 'error',
            subject: refOf('VirtualService', vs),
            message: `VirtualService ${vs.metadata.name} routes to ${host}, which no Service or ServiceEntry answers to (a short name resolves in namespace ${ns}): that traffic gets 503.`,
            fix: {
              text: `Route to an existing host (for another namespace, its FQDN: <name>.<namespace>.svc.cluster.local), or add a ServiceEntry for an external one.`,
            },
          }),
        );
      }
    }
    const [first] = virtualServices;
    if (findings.length === 0 && first)
      return [
        labelsPass(
          virtualServiceHostUnknownCause,
          refOf('VirtualService', first),
          'Every route destination resolves to a Service or ServiceEntry.',
        ),
      ];
    return findings;
  },
};
