import type { CauseSpec } from '../../../../core/check.ts';
import type { Finding } from '../../../../core/finding.ts';
import { canaryFinding, canaryPass, pct, refOf } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import {
  appHosts,
  appRef,
  destLabel,
  httpDestinations,
  mergedSubsets,
  nsOf,
  routeLabel,
} from './routing-scene.ts';

export const subsetUndefinedCause: CauseSpec = {
  code: 'MESH0404',
  cause: 'subset-undefined',
  title: 'R04 · A routed subset is not defined',
  severities: ['error', 'pass'],
};

// R04 (F2, IST0101, KIA1107): Envoy has no cluster for a subset no DestinationRule defines, so
// the requests routed there fail with 503 NC. Rules for one host are merged (first rule wins a
// duplicate subset name, §3.1). Under Argo's subset mode this is real too: Argo checks that the
// VirtualService names both subsets, never that the DestinationRule defines them, and says nothing.
export const subsetUndefined: CanaryCheck = {
  id: 'canary.subset-undefined',
  area: 'canary',
  title: 'R04 · Every routed subset is defined',
  needs: ['meshVirtualServices', 'meshDestinationRules', 'services'],
  emits: [subsetUndefinedCause],
  run(input) {
    const hosts = appHosts(input);
    const findings: Finding[] = [];
    let routed = 0;
    for (const vs of input.virtualServices) {
      const seen = new Set<string>();
      for (const d of httpDestinations(vs)) {
        const subset = d.destination.subset;
        if (!subset || !hosts.has(d.fqdn)) continue;
        routed += 1;
        const merged = mergedSubsets(input.rules, d.fqdn);
        if (merged.subsets.has(subset)) continue;
        // Without any rule for the host every subset fails: said once per host.
        const key = merged.rules.length === 0 ? d.fqdn : `${d.routeIndex}|${d.fqdn}|${subset}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const isSplit = input.split?.vs === vs && input.split.routeIndex === d.routeIndex;
        const splitShare =
          merged.rules.length === 0 && input.split?.vs === vs
            ? input.split.destinations
                .filter((x) => x.host === d.fqdn && x.subset)
                .reduce((a, x) => a + x.effective, 0)
            : d.share;
        const share =
          isSplit || (merged.rules.length === 0 && input.split?.vs === vs)
            ? `≈${pct(splitShare)} of requests → 503 NC`
            : d.route.match?.length
              ? `requests matching ${routeLabel(d.routeIndex, d.route)} (${pct(d.share)} of them) → 503 NC`
              : `≈${pct(d.share)} of the requests reaching ${routeLabel(d.routeIndex, d.route)} → 503 NC`;
        const ruleNames = merged.rules.map((r) => `${nsOf(r)}/${r.metadata.name}`);
        const defined = [...merged.subsets.keys()];
        const argo =
          input.mode === 'argo-subset' ? ' Argo Rollouts does not check this and reports nothing.' : '';
        findings.push(
          canaryFinding(subsetUndefinedCause, {
            severity: 'error',
            subject: refOf('VirtualService', vs),
            message:
              merged.rules.length === 0
                ? `VirtualService ${vs.metadata.name} routes to subsets of ${destLabel(d.fqdn, undefined, input.namespace)} (${[
                    ...new Set(
                      httpDestinations(vs)
                        .filter((x) => x.fqdn === d.fqdn && x.destination.subset)
                        .map((x) => x.destination.subset),
                    ),
                  ].join(', ')}), but no DestinationRule exists for ${d.fqdn}: ${share}.${argo}`
                : `VirtualService ${vs.metadata.name} routes to ${destLabel(d.fqdn, subset, input.namespace)}, which DestinationRule ${ruleNames.join(', ')} does not define (it has ${defined.join(', ') || 'no subsets'}): ${share}.${argo}`,
            facts: [
              {
                label: 'destination',
                value: `${routeLabel(d.routeIndex, d.route)} → ${d.fqdn} subset ${subset} (weight ${d.weight})`,
                source: refOf('VirtualService', vs),
              },
              ...merged.rules.map((r) => ({
                label: 'DestinationRule subsets',
                value: (r.spec.subsets ?? []).map((s) => s.name).join(', ') || '(none)',
                source: refOf('DestinationRule', r),
              })),
            ],
            fix: {
              text:
                merged.rules.length === 0
                  ? `Create a DestinationRule for ${d.fqdn} defining subset ${subset} (before the VirtualService refers to it: make before break).`
                  : `Add subset ${subset} (with the canary's labels) to DestinationRule ${merged.rules[0]?.metadata.name}, or route to a subset it defines.`,
              command: merged.rules[0]
                ? `${input.kubectl} -n ${nsOf(merged.rules[0])} edit destinationrule ${merged.rules[0].metadata.name}`
                : `${input.kubectl} get destinationrules -A`,
            },
          }),
        );
      }
    }
    if (findings.length > 0) return findings;
    if (routed === 0) return [];
    return [
      canaryPass(
        subsetUndefinedCause,
        appRef(input),
        'Every subset the VirtualServices route to is defined in a DestinationRule.',
      ),
    ];
  },
};
