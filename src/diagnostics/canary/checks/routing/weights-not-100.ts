import type { CauseSpec } from '../../../../core/check.ts';
import type { Finding } from '../../../../core/finding.ts';
import { canaryFinding, canaryPass, pct, refOf } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { destLabel, httpDestinations, routeLabel } from './routing-scene.ts';

export const weightsNot100Cause: CauseSpec = {
  code: 'MESH0403',
  cause: 'weights-not-100',
  title: "R03 · A route's weights do not sum to 100",
  severities: ['error', 'warning', 'pass'],
};

/** Whether the Istio version is at least 1.15 (undefined: assumed, canary.md §8.7). */
function atLeast115(version: string | undefined): boolean | undefined {
  if (version === undefined) return undefined;
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  if (!m) return undefined;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 1 || (major === 1 && minor >= 15);
}

// R03 (F1): since Istio 1.15 the webhook only wants weights ≥ 0 and a non-zero total with two or
// more destinations; each share is weight / Σ (istio/istio#39544), so 90/20 is 82%/18%, not what
// the author read. Before 1.15 any total but 100 was rejected, so the live split is still the
// previous one. A total of 0 is rejected everywhere: whatever is live, it is not this.
export const weightsNot100: CanaryCheck = {
  id: 'canary.weights-not-100',
  area: 'canary',
  title: 'R03 · Route weights sum to 100',
  needs: ['meshVirtualServices'],
  emits: [weightsNot100Cause],
  run(input) {
    const split = input.split;
    if (!split) return [];
    const vs = split.vs;
    const modern = atLeast115(input.istioVersion);
    const findings: Finding[] = [];
    const byRoute = new Map<number, ReturnType<typeof httpDestinations>>();
    for (const d of httpDestinations(vs))
      byRoute.set(d.routeIndex, [...(byRoute.get(d.routeIndex) ?? []), d]);
    for (const [routeIndex, dests] of byRoute) {
      if (dests.length < 2) continue;
      const sum = dests.reduce((a, d) => a + d.weight, 0);
      if (sum === 100) continue;
      const route = dests[0]?.route ?? {};
      const written = dests
        .map((d) => `${destLabel(d.fqdn, d.destination.subset, input.namespace)}=${d.weight}`)
        .join(', ');
      const effective = dests
        .map((d) => `${destLabel(d.fqdn, d.destination.subset, input.namespace)} ${pct(d.share)}`)
        .join(' / ');
      const where = `VirtualService ${vs.metadata.name} ${routeLabel(routeIndex, route)}`;
      const facts = [
        { label: 'weights', value: `${written} (Σ ${sum})`, source: refOf('VirtualService', vs) },
        { label: 'Istio', value: input.istioVersion ?? 'unknown (assumed ≥ 1.15)' },
      ];
      const fix = {
        text: 'Make the weights sum to 100 so the split reads as it is applied.',
        command: `${input.kubectl} -n ${vs.metadata.namespace ?? 'default'} edit virtualservice ${vs.metadata.name}`,
      };
      if (sum === 0)
        findings.push(
          canaryFinding(weightsNot100Cause, {
            severity: 'error',
            subject: refOf('VirtualService', vs),
            message: `${where}: every weight is 0 (${written}). Istio's webhook rejects a total of 0 with two or more destinations, so this route is not what the proxies run.`,
            facts,
            fix,
          }),
        );
      else if (modern === false)
        findings.push(
          canaryFinding(weightsNot100Cause, {
            severity: 'error',
            subject: refOf('VirtualService', vs),
            message: `${where}: weights sum to ${sum}, not 100. Istio ${input.istioVersion} (< 1.15) rejects such a change, so the live split is the previous one, not ${written}.`,
            facts,
            fix,
          }),
        );
      else
        findings.push(
          canaryFinding(weightsNot100Cause, {
            severity: 'warning',
            subject: refOf('VirtualService', vs),
            message: `${where}: weights sum to ${sum}, not 100. Istio${modern === undefined ? ' (version unknown, assumed ≥ 1.15)' : ` ${input.istioVersion}`} applies each as weight/${sum}: the effective split is ${effective}.`,
            facts,
            fix,
          }),
        );
    }
    if (findings.length > 0) return findings;
    return [
      canaryPass(
        weightsNot100Cause,
        refOf('VirtualService', vs),
        `The weights of VirtualService ${vs.metadata.name} sum to 100.`,
      ),
    ];
  },
};
