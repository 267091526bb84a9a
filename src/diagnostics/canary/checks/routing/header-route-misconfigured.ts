import type { CauseSpec } from '../../../../core/check.ts';
import type { Finding } from '../../../../core/finding.ts';
import type { VirtualServiceRoute } from '../../../../schemas/istio.ts';
import { ruleHostFqdn } from '../../../tls/destination-rule-for.ts';
import { canaryFinding, canaryPass, refOf } from '../../canary-finding.ts';
import type { CanaryCheck, CanaryInput, Role } from '../../canary-input.ts';
import {
  appRef,
  bindsMesh,
  callers,
  headerKeys,
  headerText,
  namedGateways,
  nsOf,
  roleOf,
  routeLabel,
} from './routing-scene.ts';

export const headerRouteMisconfiguredCause: CauseSpec = {
  code: 'MESH0408',
  cause: 'header-route-misconfigured',
  title: 'R08 · A header route does not do what it looks like',
  severities: ['warning', 'pass'],
};

/** The one role every destination of a route goes to, if they agree. */
function routeRole(input: CanaryInput, ns: string, route: VirtualServiceRoute): Role | undefined {
  const roles = new Set(
    (route.route ?? []).flatMap((d) =>
      d.destination ? [roleOf(input, ruleHostFqdn(d.destination.host, ns), d.destination.subset)] : [],
    ),
  );
  const [only] = roles;
  return roles.size === 1 ? only : undefined;
}

// R08: header names are lower-case in Istio's API (Envoy sees lower-cased names); a header route
// sending to the stable version is usually a copy-paste of the default route; and a header route
// on a gateway-only VirtualService steers only ingress: in-mesh callers sending the header follow
// the mesh split (the header steers only the hop where it is matched, §3.1).
export const headerRouteMisconfigured: CanaryCheck = {
  id: 'canary.header-route-misconfigured',
  area: 'canary',
  title: 'R08 · Header routes are well formed',
  needs: ['meshVirtualServices', 'services'],
  emits: [headerRouteMisconfiguredCause],
  run(input) {
    const findings: Finding[] = [];
    let headerRoutes = 0;
    const meshHeaderKeys = new Set(
      input.virtualServices
        .filter(bindsMesh)
        .flatMap((vs) => (vs.spec.http ?? []).flatMap((r) => headerKeys(r).map((k) => k.toLowerCase()))),
    );
    const seen = callers(input);
    for (const vs of input.virtualServices) {
      const ns = nsOf(vs);
      const fixCommand = `${input.kubectl} -n ${ns} edit virtualservice ${vs.metadata.name}`;
      (vs.spec.http ?? []).forEach((route, i) => {
        const keys = headerKeys(route);
        if (keys.length === 0) return;
        headerRoutes += 1;
        const where = `VirtualService ${vs.metadata.name} ${routeLabel(i, route)}`;
        const facts = [
          {
            label: 'header match',
            value: `${routeLabel(i, route)}: ${headerText(route)}`,
            source: refOf('VirtualService', vs),
          },
        ];
        const upper = keys.filter((k) => k !== k.toLowerCase());
        if (upper.length > 0)
          findings.push(
            canaryFinding(headerRouteMisconfiguredCause, {
              severity: 'warning',
              subject: refOf('VirtualService', vs),
              message: `${where} matches header ${upper.join(', ')}: Istio's header names are lower-case (Envoy lower-cases them); write ${upper.map((k) => k.toLowerCase()).join(', ')}.`,
              facts,
              fix: {
                text: `Write the header name in lower case: ${upper.map((k) => k.toLowerCase()).join(', ')}.`,
                command: fixCommand,
              },
            }),
          );
        const role = routeRole(input, ns, route);
        if (role === 'stable' && input.canary && (input.split?.destinations.length ?? 0) > 1)
          findings.push(
            canaryFinding(headerRouteMisconfiguredCause, {
              severity: 'warning',
              subject: refOf('VirtualService', vs),
              message: `${where} sends requests with ${headerText(route)} to the stable version (${input.stable?.name}), not the canary (${input.canary.name}). If the header is meant to reach the canary, this route is wrong.`,
              facts,
              fix: {
                text: `Point the header route at the canary (${input.canary.subset ? `subset ${input.canary.subset}` : input.canary.host}).`,
                command: fixCommand,
              },
            }),
          );
        const gatewayOnly = !bindsMesh(vs);
        const inMesh = seen ? seen.inMesh > 0 : true;
        if (
          gatewayOnly &&
          role === 'canary' &&
          inMesh &&
          !keys.some((k) => meshHeaderKeys.has(k.toLowerCase()))
        )
          findings.push(
            canaryFinding(headerRouteMisconfiguredCause, {
              severity: 'warning',
              subject: refOf('VirtualService', vs),
              message: `${where} steers ${headerText(route)} to the canary only for traffic through ${namedGateways(vs).join(', ')}: ${seen ? `${seen.inMesh} requests came from callers inside the mesh, whose` : 'callers inside the mesh'} header is not matched and follows the mesh split.`,
              facts: [...facts, { label: 'gateways', value: (vs.spec.gateways ?? []).join(', ') }],
              fix: {
                text: "Add the same header route to the mesh VirtualService (or add `mesh` to this one's gateways), before its catch-all.",
                command: fixCommand,
              },
            }),
          );
      });
    }
    if (findings.length > 0) return findings;
    if (headerRoutes === 0) return [];
    return [
      canaryPass(
        headerRouteMisconfiguredCause,
        appRef(input),
        'The header routes use lower-case names, lead to the canary and apply where callers are.',
      ),
    ];
  },
};
