import type { CauseSpec } from '../../../../core/check.ts';
import type { Finding } from '../../../../core/finding.ts';
import type { VirtualServiceRoute } from '../../../../schemas/istio.ts';
import { ruleHostFqdn } from '../../../tls/destination-rule-for.ts';
import { canaryFinding, canaryPass, refOf } from '../../canary-finding.ts';
import type { CanaryCheck, CanaryInput } from '../../canary-input.ts';
import {
  appRef,
  catchAll,
  headerKeys,
  headerText,
  matchKey,
  nsOf,
  roleOf,
  routeLabel,
} from './routing-scene.ts';

export const routeShadowedCause: CauseSpec = {
  code: 'MESH0407',
  cause: 'route-shadowed',
  title: 'R07 · A route is shadowed by an earlier one',
  severities: ['error', 'pass'],
};

/** Whether every destination of a route is the canary. */
const toCanary = (input: CanaryInput, ns: string, route: VirtualServiceRoute): boolean => {
  const dests = (route.route ?? []).flatMap((d) => (d.destination ? [d.destination] : []));
  return (
    dests.length > 0 &&
    dests.every((d) => {
      return roleOf(input, ruleHostFqdn(d.host, ns), d.subset) === 'canary';
    })
  );
};

// R07 (F6): the first http route that matches wins. Everything after a route without a match
// (IST0130) is unreachable, and a match repeating an earlier one (IST0131) never fires. The case
// that bites canaries: the `x-canary` header route written after the weighted catch-all, so
// testers' requests follow the weights like everyone else's.
export const routeShadowed: CanaryCheck = {
  id: 'canary.route-shadowed',
  area: 'canary',
  title: 'R07 · No route is shadowed',
  needs: ['meshVirtualServices', 'services'],
  emits: [routeShadowedCause],
  run(input) {
    if (input.virtualServices.length === 0) return [];
    const findings: Finding[] = [];
    for (const vs of input.virtualServices) {
      const ns = nsOf(vs);
      const http = vs.spec.http ?? [];
      const fix = {
        text: 'Put the routes with a match first and the catch-all (no match) last; drop repeated matches.',
        command: `${input.kubectl} -n ${ns} edit virtualservice ${vs.metadata.name}`,
      };
      const catchAt = http.findIndex((r) => catchAll(r).all);
      const catcher = http[catchAt];
      if (catcher)
        http.slice(catchAt + 1).forEach((route, k) => {
          const j = catchAt + 1 + k;
          const header = headerKeys(route).length > 0 && toCanary(input, ns, route);
          findings.push(
            canaryFinding(routeShadowedCause, {
              severity: 'error',
              subject: refOf('VirtualService', vs),
              message: header
                ? `VirtualService ${vs.metadata.name}: the header route to the canary (${headerText(route)}, ${routeLabel(j, route)}) comes after the catch-all ${routeLabel(catchAt, catcher)}, so it never matches: requests with the header follow the weights (IST0130).`
                : `VirtualService ${vs.metadata.name}: ${routeLabel(j, route)} comes after ${routeLabel(catchAt, catcher)}, which matches every request (${catchAll(catcher).why}): it is never used (IST0130).`,
              facts: [
                {
                  label: 'catch-all',
                  value: `${routeLabel(catchAt, catcher)}: ${catchAll(catcher).why}`,
                  source: refOf('VirtualService', vs),
                },
                {
                  label: 'unreachable',
                  value: `${routeLabel(j, route)}${headerKeys(route).length > 0 ? ` (${headerText(route)})` : ''}`,
                },
              ],
              fix,
            }),
          );
        });
      const reachable = catcher ? http.slice(0, catchAt + 1) : http;
      const firstSeen = new Map<string, number>();
      reachable.forEach((route, j) => {
        for (const m of route.match ?? []) {
          const key = matchKey(m);
          const earlier = firstSeen.get(key);
          if (earlier === undefined) {
            firstSeen.set(key, j);
            continue;
          }
          if (earlier === j) continue;
          const before = http[earlier] ?? {};
          findings.push(
            canaryFinding(routeShadowedCause, {
              severity: 'error',
              subject: refOf('VirtualService', vs),
              message: `VirtualService ${vs.metadata.name}: a match of ${routeLabel(j, route)} repeats one of ${routeLabel(earlier, before)}, which wins: that match never fires (IST0131).${toCanary(input, ns, route) ? ' Those requests never reach the canary through it.' : ''}`,
              facts: [{ label: 'repeated match', value: key, source: refOf('VirtualService', vs) }],
              fix,
            }),
          );
        }
      });
    }
    if (findings.length > 0) return findings;
    return [
      canaryPass(
        routeShadowedCause,
        appRef(input),
        'Every route of the VirtualServices is reachable (catch-all last, no repeated match).',
      ),
    ];
  },
};
