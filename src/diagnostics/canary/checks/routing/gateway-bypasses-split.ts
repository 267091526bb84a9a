import type { CauseSpec } from '../../../../core/check.ts';
import type { Finding } from '../../../../core/finding.ts';
import type { VirtualService } from '../../../../schemas/istio.ts';
import { serviceFqdn } from '../../../labels/host-resolution.ts';
import { canaryFinding, canaryPass, pct, refOf } from '../../canary-finding.ts';
import type { CanaryCheck, CanaryInput } from '../../canary-input.ts';
import {
  appHosts,
  appRef,
  bindsMesh,
  callers,
  destLabel,
  headerKeys,
  httpDestinations,
  namedGateways,
  nsOf,
} from './routing-scene.ts';

export const gatewayBypassesSplitCause: CauseSpec = {
  code: 'MESH0409',
  cause: 'gateway-bypasses-split',
  title: 'R09 · Ingress and in-mesh traffic are not split alike',
  severities: ['error', 'warning', 'pass'],
};

type Shares = Map<string, number>;

/** The shares of a VirtualService's default (header-less) routes to the app, by `host|subset`. */
function defaultShares(input: CanaryInput, vs: VirtualService, keepZero = false): Shares {
  const hosts = appHosts(input);
  // Flagger points its apex Service at the primary pods: a route to the apex is a route to the primary.
  const apex = input.mode === 'flagger' && input.service ? serviceFqdn(input.service) : undefined;
  const shares: Shares = new Map();
  for (const d of httpDestinations(vs)) {
    if (headerKeys(d.route).length > 0 || !hosts.has(d.fqdn) || (d.share === 0 && !keepZero)) continue;
    const key =
      apex && d.fqdn === apex && !d.destination.subset && input.stable
        ? `${input.stable.host}|${input.stable.subset ?? ''}`
        : `${d.fqdn}|${d.destination.subset ?? ''}`;
    shares.set(key, (shares.get(key) ?? 0) + d.share);
  }
  return shares;
}

const sameShares = (a: Shares, b: Shares): boolean =>
  a.size === b.size && [...a].every(([k, v]) => Math.abs((b.get(k) ?? -1) - v) < 0.005);

const showShares = (s: Shares, ns: string): string =>
  [...s]
    .map(([k, v]) => {
      const [host = '', subset] = k.split('|');
      return `${destLabel(host, subset, ns)} ${pct(v)}`;
    })
    .join(' / ') || '(nothing)';

// R09 (F10, IST0140): a gateway uses only the VirtualServices bound to it. A gateway
// VirtualService routing to the app's Service without a subset (or with its own weights) sends
// ingress traffic around the mesh split: by replica count, or to the primary only. An error when
// the ingress gateway is carrying traffic now, a warning otherwise. The converse: a splitting
// VirtualService bound to gateways but not to `mesh` does not split east-west traffic (Flagger
// adds `mesh` only when the Canary lists no gateways, flagger#140).
export const gatewayBypassesSplit: CanaryCheck = {
  id: 'canary.gateway-bypasses-split',
  area: 'canary',
  title: 'R09 · Ingress follows the mesh split',
  needs: ['meshVirtualServices', 'services'],
  emits: [gatewayBypassesSplitCause],
  run(input) {
    const split = input.split;
    const findings: Finding[] = [];
    const seen = callers(input);
    const ingress = seen?.ingress ?? 0;
    // Splitting: the default route names two destinations of the app, whatever their weights now.
    const splits = (vs: VirtualService) => defaultShares(input, vs, true).size > 1;
    const meshSplit =
      split && bindsMesh(split.vs)
        ? split.vs
        : input.virtualServices.find((vs) => bindsMesh(vs) && splits(vs));
    if (split && meshSplit) {
      const want = defaultShares(input, meshSplit);
      const usesSubsets = split.destinations.some((d) => d.subset);
      for (const vs of input.virtualServices) {
        if (vs === meshSplit || namedGateways(vs).length === 0) continue;
        const got = defaultShares(input, vs);
        if (got.size === 0 || sameShares(got, want)) continue;
        const bare = httpDestinations(vs).filter(
          (d) => headerKeys(d.route).length === 0 && appHosts(input).has(d.fqdn) && !d.destination.subset,
        );
        const noSubset = usesSubsets && bare.length > 0;
        const ns = nsOf(vs);
        findings.push(
          canaryFinding(gatewayBypassesSplitCause, {
            severity: ingress > 0 ? 'error' : 'warning',
            subject: refOf('VirtualService', vs),
            message: `${
              noSubset
                ? `Gateway VirtualService ${vs.metadata.name} (${namedGateways(vs).join(', ')}) routes to ${bare[0]?.destination.host} without a subset, so ingress traffic ignores the mesh split ${showShares(want, input.namespace)} (IST0140).`
                : `Gateway VirtualService ${vs.metadata.name} (${namedGateways(vs).join(', ')}) splits ${showShares(got, input.namespace)} while the mesh splits ${showShares(want, input.namespace)}: ingress traffic does not follow the canary's weights.`
            } ${
              ingress > 0
                ? `The ingress gateway sent ${ingress} requests in the window.`
                : seen
                  ? 'No ingress traffic in the window, so nothing is affected yet.'
                  : 'No metrics: whether ingress carries traffic is unknown.'
            }`,
            facts: [
              {
                label: 'gateway routes',
                value: showShares(got, input.namespace),
                source: refOf('VirtualService', vs),
              },
              {
                label: 'mesh split',
                value: showShares(want, input.namespace),
                source: refOf('VirtualService', meshSplit),
              },
              ...(seen ? [{ label: 'ingress requests', value: String(ingress) }] : []),
            ],
            fix: {
              text:
                input.controller.kind === 'none'
                  ? `Give the gateway VirtualService the same subsets and weights, or bind one VirtualService to both \`mesh\` and the gateway.`
                  : 'Route the gateway through the VirtualService the controller manages (list the gateway in it) instead of a second one.',
              command: `${input.kubectl} -n ${ns} edit virtualservice ${vs.metadata.name}`,
            },
          }),
        );
      }
    }
    // A split no sidecar applies: bound to gateways only, with no mesh VirtualService splitting the app.
    if (!input.virtualServices.some((vs) => bindsMesh(vs) && splits(vs)))
      for (const vs of input.virtualServices) {
        if (bindsMesh(vs) || !splits(vs)) continue;
        const flagger = input.controller.kind === 'flagger' ? input.controller.canary : undefined;
        findings.push(
          canaryFinding(gatewayBypassesSplitCause, {
            severity: 'warning',
            subject: refOf('VirtualService', vs),
            message: `VirtualService ${vs.metadata.name} splits ${showShares(defaultShares(input, vs, true), input.namespace)} only for gateways ${namedGateways(vs).join(', ')} (no \`mesh\`): east-west traffic is not split${flagger ? '; Flagger adds `mesh` only when the Canary lists no gateways' : ''}.`,
            facts: [
              {
                label: 'gateways',
                value: (vs.spec.gateways ?? []).join(', '),
                source: refOf('VirtualService', vs),
              },
            ],
            fix: flagger
              ? {
                  text: `Add \`mesh\` to spec.service.gateways of Canary ${flagger.metadata.name}.`,
                  command: `${input.kubectl} -n ${nsOf(flagger)} edit canary ${flagger.metadata.name}`,
                }
              : {
                  text: 'Add `mesh` to spec.gateways so sidecars apply the split too.',
                  command: `${input.kubectl} -n ${nsOf(vs)} edit virtualservice ${vs.metadata.name}`,
                },
          }),
        );
      }
    if (findings.length > 0) return findings;
    if (!split) return [];
    return [
      canaryPass(gatewayBypassesSplitCause, appRef(input), 'Ingress and in-mesh callers get the same split.'),
    ];
  },
};
