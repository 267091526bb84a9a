import type { CauseSpec } from '../../../../core/check.ts';
import type { Finding } from '../../../../core/finding.ts';
import type { DestinationRule, VirtualService } from '../../../../schemas/istio.ts';
import { ruleHostFqdn } from '../../../tls/destination-rule-for.ts';
import { oldestFirst } from '../../../tls/mtls-mode.ts';
import { canaryFinding, canaryPass, refOf } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { appHosts, appRef, bindsMesh, destLabel, nsOf, vsHostFqdns } from './routing-scene.ts';

export const severalRoutingObjectsCause: CauseSpec = {
  code: 'MESH0410',
  cause: 'several-routing-objects',
  title: 'R10 · Several VirtualServices or DestinationRules for one host',
  severities: ['warning', 'pass'],
};

const fullName = (o: VirtualService | DestinationRule) => `${nsOf(o)}/${o.metadata.name}`;

// R10 (F11): sidecars do not merge VirtualServices for one host (IST0109, KIA1106): which one
// applies is not something to rely on, so the split may not be the one read. Gateways do merge
// theirs, so only `mesh` counts. DestinationRules for one host are merged, the first subset of a
// name and the first traffic policy winning (KIA0201): a second rule's subset may silently lose.
export const severalRoutingObjects: CanaryCheck = {
  id: 'canary.several-routing-objects',
  area: 'canary',
  title: 'R10 · One VirtualService and one DestinationRule per host',
  needs: ['meshVirtualServices', 'meshDestinationRules', 'services'],
  emits: [severalRoutingObjectsCause],
  run(input) {
    const hosts = appHosts(input);
    if (hosts.size === 0 || (input.virtualServices.length === 0 && input.rules.length === 0)) return [];
    const findings: Finding[] = [];
    for (const host of [...hosts].sort()) {
      const label = destLabel(host, undefined, input.namespace);
      const vss = oldestFirst(
        input.virtualServices.filter((vs) => bindsMesh(vs) && vsHostFqdns(vs).includes(host)),
      );
      if (vss.length > 1)
        findings.push(
          canaryFinding(severalRoutingObjectsCause, {
            severity: 'warning',
            subject: refOf('VirtualService', vss[1] as VirtualService),
            message: `${vss.length} VirtualServices route ${label} for in-mesh callers (${vss.map(fullName).join(', ')}): sidecars do not merge them, so the split applied may not be the one you read (IST0109).`,
            facts: vss.map((vs) => ({
              label: 'VirtualService',
              value: `${fullName(vs)}${vs === input.split?.vs ? ' (the split read here)' : ''}`,
              source: refOf('VirtualService', vs),
            })),
            fix: {
              text: `Keep one VirtualService for ${label} on \`mesh\` and move the other's routes into it.`,
              command: `${input.kubectl} get virtualservices -A`,
            },
          }),
        );
      const drs = oldestFirst(input.rules.filter((r) => ruleHostFqdn(r.spec.host ?? '', nsOf(r)) === host));
      if (drs.length > 1) {
        const names = new Map<string, DestinationRule[]>();
        for (const r of drs)
          for (const s of r.spec.subsets ?? []) names.set(s.name, [...(names.get(s.name) ?? []), r]);
        const clashes = [...names].filter(([, rs]) => rs.length > 1);
        findings.push(
          canaryFinding(severalRoutingObjectsCause, {
            severity: 'warning',
            subject: refOf('DestinationRule', drs[1] as DestinationRule),
            message:
              new Set(drs.map(nsOf)).size > 1
                ? `${drs.length} DestinationRules are for ${label} in different namespaces (${drs.map(fullName).join(', ')}): a caller uses its own namespace's rule first, so callers get different subsets and policies (KIA0201).`
                : `${drs.length} DestinationRules are for ${label} (${drs.map(fullName).join(', ')}): they are merged, the oldest winning a subset name and the traffic policy${clashes.length > 0 ? `; subset ${clashes.map(([n, rs]) => `${n} comes from ${fullName(rs[0] as DestinationRule)}`).join(', ')}, the other definition is ignored` : ''} (KIA0201).`,
            facts: drs.map((r) => ({
              label: 'DestinationRule',
              value: `${fullName(r)}: subsets ${(r.spec.subsets ?? []).map((s) => s.name).join(', ') || '(none)'}`,
              source: refOf('DestinationRule', r),
            })),
            fix: {
              text: `Keep one DestinationRule for ${label} with every subset and the traffic policy in it.`,
              command: `${input.kubectl} get destinationrules -A`,
            },
          }),
        );
      }
    }
    if (findings.length > 0) return findings;
    return [
      canaryPass(
        severalRoutingObjectsCause,
        appRef(input),
        "One VirtualService and at most one DestinationRule for each of the app's hosts.",
      ),
    ];
  },
};
