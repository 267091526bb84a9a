import type { ServiceEntry } from '../../schemas/istio.ts';
import type { Service } from '../../schemas/kube.ts';
import { hostMatchRank, ruleHostFqdn } from '../tls/destination-rule-for.ts';

export type ResolvedHost =
  | { kind: 'service'; service: Service }
  | { kind: 'serviceEntry'; entry: ServiceEntry }
  | { kind: 'wildcard'; matches: number };

/** The FQDN a Service answers to. */
export const serviceFqdn = (s: Service) =>
  `${s.metadata.name}.${s.metadata.namespace ?? 'default'}.svc.cluster.local`;

/**
 * What a host written in an Istio object resolves to: short names in the object's own namespace
 * (`reviews` → reviews.<ns>.svc.cluster.local), a Service, a ServiceEntry host, or for a wildcard
 * the Services it covers. Undefined: nothing in the mesh answers to it.
 */
export function resolveHost(
  host: string,
  fromNamespace: string,
  services: readonly Service[],
  entries: readonly ServiceEntry[],
): ResolvedHost | undefined {
  const fqdn = ruleHostFqdn(host, fromNamespace);
  // A ServiceEntry counts only where it is exported (exportTo: absent or * everywhere, . its own namespace).
  const visible = entries.filter((e) => {
    const exportTo = e.spec.exportTo ?? [];
    const own = e.metadata.namespace ?? 'default';
    return (
      exportTo.length === 0 ||
      exportTo.some((x) => x === '*' || x === fromNamespace || (x === '.' && own === fromNamespace))
    );
  });
  if (fqdn.startsWith('*')) {
    const entry = visible.find((e) => (e.spec.hosts ?? []).includes(fqdn));
    if (entry) return { kind: 'serviceEntry', entry };
    const matches = services.filter((s) => hostMatchRank(fqdn, serviceFqdn(s)) >= 0).length;
    return matches > 0 ? { kind: 'wildcard', matches } : undefined;
  }
  const service = services.find((s) => serviceFqdn(s) === fqdn);
  if (service) return { kind: 'service', service };
  const entry = visible.find((e) =>
    (e.spec.hosts ?? []).some((h) => h === host || h === fqdn || hostMatchRank(h, fqdn) >= 0),
  );
  return entry ? { kind: 'serviceEntry', entry } : undefined;
}
