import type { CauseSpec } from '../../../../core/check.ts';
import type { Finding } from '../../../../core/finding.ts';
import type { Gateway, VirtualService } from '../../../../schemas/istio.ts';
import { canaryFinding, canaryPass, refOf } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { appRef, nsOf } from './routing-scene.ts';

export const gatewayMissingCause: CauseSpec = {
  code: 'MESH0411',
  cause: 'gateway-missing',
  title: "R11 · A VirtualService's Gateway is missing or does not serve its hosts",
  severities: ['error', 'pass'],
};

/** A gateway reference as istiod resolves it: `ns/name`, legacy `name.ns[.svc.cluster.local]`, or `name` in the VirtualService's namespace. */
export function gatewayRef(ref: string, vsNamespace: string): { namespace: string; name: string } {
  const slash = ref.indexOf('/');
  if (slash >= 0) return { namespace: ref.slice(0, slash), name: ref.slice(slash + 1) };
  const [name = ref, namespace] = ref.split('.');
  return { namespace: namespace ?? vsNamespace, name };
}

/** Whether a VirtualService host and a Gateway server host (without its namespace part) overlap. */
export function hostsOverlap(vsHost: string, gwHost: string): boolean {
  if (gwHost === '*' || vsHost === '*' || gwHost === vsHost) return true;
  if (gwHost.startsWith('*.') && vsHost.endsWith(gwHost.slice(1))) return true;
  return vsHost.startsWith('*.') && gwHost.endsWith(vsHost.slice(1));
}

/** Whether a Gateway's server host (`host`, `ns/host`, `./host`, `*\/host`) admits a VirtualService host from `vsNamespace`. */
export function serverAdmits(
  serverHost: string,
  gateway: Gateway,
  vsHost: string,
  vsNamespace: string,
): boolean {
  const slash = serverHost.indexOf('/');
  const ns = slash >= 0 ? serverHost.slice(0, slash) : '*';
  const host = slash >= 0 ? serverHost.slice(slash + 1) : serverHost;
  const nsOk = ns === '*' || (ns === '.' ? nsOf(gateway) === vsNamespace : ns === vsNamespace);
  return nsOk && hostsOverlap(vsHost, host);
}

/** Every Gateway a VirtualService names, at the top and in its http matches, `mesh` left out. */
const gatewayNames = (vs: VirtualService): string[] => [
  ...new Set(
    [
      ...(vs.spec.gateways ?? []),
      ...(vs.spec.http ?? []).flatMap((r) => (r.match ?? []).flatMap((m) => m.gateways ?? [])),
    ].filter((g) => g !== 'mesh'),
  ),
];

// R11 (KIA1102, IST0101, IST0132): a VirtualService naming a Gateway that does not exist (often a
// short name for a Gateway in istio-system: short names resolve in the VirtualService's own
// namespace) configures no gateway at all; one whose hosts none of the Gateway's servers accept is
// ignored by that gateway. Either way ingress does not reach the split.
export const gatewayMissing: CanaryCheck = {
  id: 'canary.gateway-missing',
  area: 'canary',
  title: "R11 · The VirtualServices' Gateways exist and serve their hosts",
  needs: ['meshVirtualServices', 'meshGateways'],
  emits: [gatewayMissingCause],
  run(input) {
    if (input.virtualServices.length === 0) return [];
    const findings: Finding[] = [];
    let named = 0;
    for (const vs of input.virtualServices) {
      const ns = nsOf(vs);
      const fixCommand = `${input.kubectl} get gateways -A`;
      for (const ref of gatewayNames(vs)) {
        named += 1;
        const { namespace, name } = gatewayRef(ref, ns);
        const gateway = input.gateways.find((g) => g.metadata.name === name && nsOf(g) === namespace);
        if (!gateway) {
          const elsewhere = input.gateways.filter((g) => g.metadata.name === name);
          findings.push(
            canaryFinding(gatewayMissingCause, {
              severity: 'error',
              subject: refOf('VirtualService', vs),
              message: `VirtualService ${vs.metadata.name} names Gateway ${ref}, read as ${namespace}/${name}, which does not exist: no gateway applies these routes.${elsewhere[0] ? ` There is a Gateway ${nsOf(elsewhere[0])}/${name}: write it as ${nsOf(elsewhere[0])}/${name}.` : ''}`,
              facts: [
                {
                  label: 'gateway reference',
                  value: `${ref} → ${namespace}/${name}`,
                  source: refOf('VirtualService', vs),
                },
                ...elsewhere.map((g) => ({
                  label: 'same name',
                  value: `${nsOf(g)}/${name}`,
                  source: refOf('Gateway', g),
                })),
              ],
              fix: {
                text: elsewhere[0]
                  ? `Write the gateway as ${nsOf(elsewhere[0])}/${name} in spec.gateways.`
                  : "Name an existing Gateway as <namespace>/<name> (a short name means one in the VirtualService's namespace), or create it.",
                command: fixCommand,
              },
            }),
          );
          continue;
        }
        const servers = (gateway.spec.servers ?? []).flatMap((s) => s.hosts ?? []);
        const hosts = vs.spec.hosts ?? [];
        const served = hosts.some((h) => servers.some((s) => serverAdmits(s, gateway, h, ns)));
        if (served) continue;
        findings.push(
          canaryFinding(gatewayMissingCause, {
            severity: 'error',
            subject: refOf('VirtualService', vs),
            message: `None of VirtualService ${vs.metadata.name}'s hosts (${hosts.join(', ') || 'none'}) is served by Gateway ${namespace}/${name} (${servers.join(', ') || 'no hosts'}): that gateway ignores it (IST0132).`,
            facts: [
              {
                label: 'VirtualService hosts',
                value: hosts.join(', ') || '(none)',
                source: refOf('VirtualService', vs),
              },
              {
                label: 'Gateway hosts',
                value: servers.join(', ') || '(none)',
                source: refOf('Gateway', gateway),
              },
            ],
            fix: {
              text: `Add the external host to a server of Gateway ${namespace}/${name}, or to the VirtualService's hosts.`,
              command: `${input.kubectl} -n ${namespace} edit gateway ${name}`,
            },
          }),
        );
      }
    }
    if (findings.length > 0) return findings;
    if (named === 0)
      return [
        canaryPass(gatewayMissingCause, appRef(input), 'No VirtualService of the app names a Gateway.'),
      ];
    return [
      canaryPass(
        gatewayMissingCause,
        appRef(input),
        'Every Gateway the VirtualServices name exists and serves their hosts.',
      ),
    ];
  },
};
