import type { CauseSpec } from '../../../../core/check.ts';
import type { Finding } from '../../../../core/finding.ts';
import { resolveHost, serviceFqdn } from '../../../labels/host-resolution.ts';
import { canaryFinding, canaryPass, refOf } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import {
  appHosts,
  appRef,
  bindsMesh,
  httpDestinations,
  namedGateways,
  nsOf,
  vsHostFqdns,
} from './routing-scene.ts';

export const vsHostUnknownCause: CauseSpec = {
  code: 'MESH0402',
  cause: 'vs-host-unknown',
  title: "R02 · A host on the app's VirtualService resolves to nothing",
  severities: ['error', 'pass'],
};

// R02 (F5): a short host resolves in the VirtualService's own namespace, so a VirtualService in
// another namespace writing `checkout` means checkout.<its namespace>, not the app: it is never
// applied and traffic follows replica counts (KIA1101, IST0101). A destination host that resolves
// to nothing has no cluster: its share gets 503. Hosts of a gateway-only VirtualService are
// external names matched against the Gateway (R11), not Services.
export const vsHostUnknown: CanaryCheck = {
  id: 'canary.vs-host-unknown',
  area: 'canary',
  title: "R02 · The app's VirtualService hosts resolve",
  needs: ['meshVirtualServices', 'services', 'meshServices', 'serviceEntries'],
  emits: [vsHostUnknownCause],
  run(input) {
    const { virtualServices, meshServices, serviceEntries } = input;
    if (virtualServices.length === 0) return [];
    const appShort = new Set(
      [...appHosts(input)].map((h) => h.split('.')[0]).filter((h): h is string => h !== undefined),
    );
    const appNs = input.service?.metadata.namespace ?? input.namespace;
    const findings: Finding[] = [];
    for (const vs of virtualServices) {
      const ns = nsOf(vs);
      const fqdns = vsHostFqdns(vs);
      // A VirtualService bound to a gateway as well lists external names too: only in-cluster ones are checked.
      const alsoGateway = namedGateways(vs).length > 0;
      if (bindsMesh(vs))
        (vs.spec.hosts ?? []).forEach((host, i) => {
          if (host.startsWith('*')) return;
          if (alsoGateway && host.includes('.') && !host.includes('.svc')) return;
          if (resolveHost(host, ns, meshServices, serviceEntries)) return;
          const short = !host.includes('.');
          const elsewhere = short && ns !== appNs && appShort.has(host);
          const meant = elsewhere && input.service ? serviceFqdn(input.service) : undefined;
          findings.push(
            canaryFinding(vsHostUnknownCause, {
              severity: 'error',
              subject: refOf('VirtualService', vs),
              message: meant
                ? `VirtualService ${ns}/${vs.metadata.name} has host ${host}, which resolves in its own namespace to ${fqdns[i]}, not ${meant}: it never applies to the app, so traffic follows replica counts.`
                : `VirtualService ${ns}/${vs.metadata.name} has host ${host} (${fqdns[i]}), which no Service or ServiceEntry answers to: the VirtualService applies to nothing.`,
              facts: [
                { label: 'host', value: `${host} → ${fqdns[i]}`, source: refOf('VirtualService', vs) },
                ...(meant ? [{ label: 'app Service', value: meant }] : []),
              ],
              fix: {
                text: meant
                  ? `Write the FQDN ${meant} in spec.hosts (and in the destinations), or move the VirtualService to ${appNs}.`
                  : 'Name an existing Service (FQDN for another namespace) or add a ServiceEntry for it.',
              },
            }),
          );
        });
      const seen = new Set<string>();
      for (const d of httpDestinations(vs)) {
        if (seen.has(d.fqdn)) continue;
        seen.add(d.fqdn);
        if (resolveHost(d.destination.host, ns, meshServices, serviceEntries)) continue;
        findings.push(
          canaryFinding(vsHostUnknownCause, {
            severity: 'error',
            subject: refOf('VirtualService', vs),
            message: `VirtualService ${ns}/${vs.metadata.name} routes to ${d.destination.host} (${d.fqdn}), which no Service or ServiceEntry answers to: that share of requests gets 503.`,
            facts: [
              {
                label: 'destination',
                value: `${d.destination.host} → ${d.fqdn}`,
                source: refOf('VirtualService', vs),
              },
            ],
            fix: {
              text: 'Route to an existing Service; for another namespace write its FQDN (<name>.<namespace>.svc.cluster.local).',
            },
          }),
        );
      }
    }
    if (findings.length > 0) return findings;
    return [
      canaryPass(
        vsHostUnknownCause,
        appRef(input),
        "Every host of the app's VirtualServices resolves to a Service or ServiceEntry.",
      ),
    ];
  },
};
