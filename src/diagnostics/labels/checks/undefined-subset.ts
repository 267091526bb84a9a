import type { CauseSpec } from '../../../core/check.ts';
import type { Finding } from '../../../core/finding.ts';
import { ruleHostFqdn } from '../../tls/destination-rule-for.ts';
import { labelsFinding, labelsPass, refOf } from '../labels-finding.ts';
import type { LabelsCheck } from '../labels-input.ts';

export const undefinedSubsetCause: CauseSpec = {
  code: 'MESH0303',
  cause: 'undefined-subset',
  title: 'A VirtualService routes to a subset no DestinationRule defines',
  severities: ['error', 'pass'],
};

// IST0101 `host+subset in destinationrule`: Envoy has no cluster for the subset, so the share of
// traffic routed there gets 503 (NC, no cluster).
export const undefinedSubset: LabelsCheck = {
  id: 'labels.undefined-subset',
  area: 'labels',
  title: 'Every routed subset is defined',
  needs: ['meshVirtualServices', 'meshDestinationRules'],
  emits: [undefinedSubsetCause],
  run({ virtualServices, rules }) {
    const findings: Finding[] = [];
    for (const vs of virtualServices) {
      const ns = vs.metadata.namespace ?? 'default';
      for (const [kind, routes] of [
        ['http', vs.spec.http],
        ['tcp', vs.spec.tcp],
        ['tls', vs.spec.tls],
      ] as const)
        for (const route of routes ?? [])
          for (const dest of route.route ?? []) {
            if (!dest.destination) continue;
            const subset = dest.destination.subset;
            if (!subset) continue;
            const host = ruleHostFqdn(dest.destination.host, ns);
            const defined = rules.some(
              (r) =>
                ruleHostFqdn(r.spec.host ?? '', r.metadata.namespace ?? 'default') === host &&
                (r.spec.subsets ?? []).some((s) => s.name === subset),
            );
            if (defined) continue;
            findings.push(
              labelsFinding(undefinedSubsetCause, {
                severity: 'error',
                subject: refOf('VirtualService', vs),
                message: `VirtualService ${vs.metadata.name} routes ${dest.weight ?? 100}% of ${kind} traffic${route.name ? ` (route ${route.name})` : ''} to subset ${subset} of ${host}, which no DestinationRule defines: that traffic gets 503 (NC).`,
                facts: [
                  {
                    label: 'destination',
                    value: `${host} subset ${subset}`,
                    source: refOf('VirtualService', vs),
                  },
                ],
                fix: {
                  text: `Define subset ${subset} in the DestinationRule for ${host}, or route to a subset it defines.`,
                },
              }),
            );
          }
    }
    const [first] = virtualServices;
    if (findings.length === 0 && first)
      return [
        labelsPass(
          undefinedSubsetCause,
          refOf('VirtualService', first),
          'Every subset the VirtualServices route to is defined.',
        ),
      ];
    return findings;
  },
};
