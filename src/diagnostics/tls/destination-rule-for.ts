import type { DestinationRule } from '../../schemas/istio.ts';
import { oldestFirst } from './mtls-mode.ts';

/** The rule a client uses for a host, and the same-host rules istiod merged into it. */
export type ChosenRule = {
  rule: DestinationRule;
  /** Other rules for the same host in the same namespace: their subsets are merged in, their policy is not. */
  merged: DestinationRule[];
  /** Subsets after the merge, first definition of a name winning. */
  subsets: NonNullable<DestinationRule['spec']['subsets']>;
};

/** `reviews`, `reviews.bookinfo`, `reviews.bookinfo.svc` and the FQDN, resolved as istiod does. */
export function ruleHostFqdn(host: string, ruleNamespace: string): string {
  if (host.startsWith('*') || host.includes('.svc.') || host.endsWith('.svc.cluster.local')) return host;
  const parts = host.split('.');
  if (parts.length === 1) return `${host}.${ruleNamespace}.svc.cluster.local`;
  if (parts.length === 2) return `${host}.svc.cluster.local`;
  if (parts.length === 3 && parts[2] === 'svc') return `${host}.cluster.local`;
  return host;
}

/** How specifically a rule's host names the service: exact beats a wildcard, a longer wildcard a shorter one; -1 = no match. */
export function hostMatchRank(ruleHost: string, serviceFqdn: string): number {
  if (ruleHost === serviceFqdn) return 10_000;
  if (ruleHost === '*') return 0;
  if (ruleHost.startsWith('*.') && serviceFqdn.endsWith(ruleHost.slice(1))) return ruleHost.length;
  return -1;
}

/** Whether a rule in `ruleNamespace` is visible to clients in `clientNamespace` (exportTo; default everywhere). */
export function visibleTo(rule: DestinationRule, clientNamespace: string): boolean {
  const exportTo = rule.spec.exportTo ?? [];
  if (exportTo.length === 0) return true;
  const own = rule.metadata.namespace ?? 'default';
  return exportTo.some((e) => e === '*' || e === clientNamespace || (e === '.' && own === clientNamespace));
}

/**
 * The DestinationRule a sidecar in `clientNamespace` applies to a service (istiod's
 * PushContext.destinationRule): the client's own namespace first, then the service's namespace,
 * then the root namespace, each only if exported to the client; within one namespace the most
 * specific host. Rules with a workloadSelector apply only to the workloads they select: they are
 * considered only when the client's labels are known (`clientLabels`).
 */
export function destinationRuleFor(
  rules: readonly DestinationRule[],
  serviceFqdn: string,
  serviceNamespace: string,
  clientNamespace: string,
  rootNamespace: string,
  clientLabels?: Readonly<Record<string, string>>,
): ChosenRule | undefined {
  for (const ns of [clientNamespace, serviceNamespace, rootNamespace]) {
    const candidates = rules.filter(
      (r) =>
        (r.metadata.namespace ?? 'default') === ns &&
        visibleTo(r, clientNamespace) &&
        appliesToClient(r, ns === clientNamespace, clientLabels),
    );
    const ranked = candidates
      .map((r) => ({ r, rank: hostMatchRank(ruleHostFqdn(r.spec.host ?? '', ns), serviceFqdn) }))
      .filter((x) => x.rank >= 0);
    if (ranked.length === 0) continue;
    const best = Math.max(...ranked.map((x) => x.rank));
    const sameHost = ranked.filter((x) => x.rank === best).map((x) => x.r);
    // A rule with a matching workloadSelector takes precedence over the namespace's plain rules.
    const selected = sameHost.filter((r) => hasWorkloadSelector(r));
    const [rule, ...merged] = oldestFirst(selected.length > 0 ? selected : sameHost);
    if (!rule) continue;
    const subsets: ChosenRule['subsets'] = [];
    for (const r of [rule, ...merged])
      for (const s of r.spec.subsets ?? []) if (!subsets.some((x) => x.name === s.name)) subsets.push(s);
    return { rule, merged, subsets };
  }
  return undefined;
}

function hasWorkloadSelector(rule: DestinationRule): boolean {
  return Object.keys(rule.spec.workloadSelector?.matchLabels ?? {}).length > 0;
}

function appliesToClient(
  rule: DestinationRule,
  inClientNamespace: boolean,
  clientLabels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (!hasWorkloadSelector(rule)) return true;
  // A selector applies only in the rule's own namespace, to the workloads it selects.
  if (!inClientNamespace || clientLabels === undefined) return false;
  return Object.entries(rule.spec.workloadSelector?.matchLabels ?? {}).every(
    ([k, v]) => clientLabels[k] === v,
  );
}
