import type { CauseSpec } from '../../../../core/check.ts';
import type { Finding } from '../../../../core/finding.ts';
import { resolveHost } from '../../../labels/host-resolution.ts';
import { canaryFinding, canaryPass, refOf } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import {
  appHosts,
  appRef,
  bindsMesh,
  destLabel,
  httpDestinations,
  namedGateways,
  nsOf,
  routeLabel,
} from './routing-scene.ts';

export const multiPortNoPortCause: CauseSpec = {
  code: 'MESH0412',
  cause: 'multi-port-no-port',
  title: 'R12 · A destination on a multi-port Service has no port',
  severities: ['warning', 'pass'],
};

// R12 (F12, IST0112): when the Service has several ports and a destination names none, which port
// the route goes to is ambiguous. A sidecar keeps the port the caller dialled; a gateway has none
// to keep. istioctl analyze warns either way.
export const multiPortNoPort: CanaryCheck = {
  id: 'canary.multi-port-no-port',
  area: 'canary',
  title: 'R12 · Destinations on multi-port Services name a port',
  needs: ['meshVirtualServices', 'services', 'meshServices', 'serviceEntries'],
  emits: [multiPortNoPortCause],
  run(input) {
    const hosts = appHosts(input);
    const findings: Finding[] = [];
    let checked = 0;
    for (const vs of input.virtualServices) {
      const seen = new Set<string>();
      for (const d of httpDestinations(vs)) {
        if (!hosts.has(d.fqdn)) continue;
        const resolved = resolveHost(d.destination.host, nsOf(vs), input.meshServices, input.serviceEntries);
        if (resolved?.kind !== 'service') continue;
        checked += 1;
        const ports = resolved.service.spec.ports ?? [];
        if (ports.length < 2 || d.destination.port?.number || seen.has(d.fqdn)) continue;
        seen.add(d.fqdn);
        const gateway = namedGateways(vs).length > 0;
        findings.push(
          canaryFinding(multiPortNoPortCause, {
            severity: 'warning',
            subject: refOf('VirtualService', vs),
            message: `VirtualService ${vs.metadata.name} ${routeLabel(d.routeIndex, d.route)} routes to ${destLabel(d.fqdn, d.destination.subset, input.namespace)} without a port, and Service ${resolved.service.metadata.name} has ${ports.length} (${ports.map((p) => p.port).join(', ')}): the port is ambiguous${gateway ? ` for gateway ${namedGateways(vs).join(', ')}` : ''}${bindsMesh(vs) && !gateway ? ' (sidecars keep the port the caller dialled)' : ''} (IST0112).`,
            facts: [
              { label: 'destination', value: `${d.fqdn} (no port)`, source: refOf('VirtualService', vs) },
              {
                label: 'Service ports',
                value: ports.map((p) => `${p.name ?? '-'}:${p.port}`).join(', '),
                source: refOf('Service', resolved.service),
              },
            ],
            fix: {
              text: `Add destination.port.number (one of ${ports.map((p) => p.port).join(', ')}) to each route to ${resolved.service.metadata.name}.`,
              command: `${input.kubectl} -n ${nsOf(vs)} edit virtualservice ${vs.metadata.name}`,
            },
          }),
        );
      }
    }
    if (findings.length > 0) return findings;
    if (checked === 0) return [];
    return [
      canaryPass(
        multiPortNoPortCause,
        appRef(input),
        'Every destination names a port, or its Service has only one.',
      ),
    ];
  },
};
