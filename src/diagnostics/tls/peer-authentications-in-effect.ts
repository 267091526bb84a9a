import type { PeerAuthentication } from '../../schemas/istio.ts';
import { oldestFirst, readMode } from './mtls-mode.ts';

/** One scope's choice: the policy istiod uses, and the others at that scope it ignores. */
export type ScopeChoice = { used: PeerAuthentication; ignored: PeerAuthentication[] };

/** The PeerAuthentications that apply to one workload, by scope (istio-semantics.md §3.1). */
export type PoliciesInEffect = {
  mesh?: ScopeChoice;
  namespace?: ScopeChoice;
  workload?: ScopeChoice;
};

/** Why istiod ignores or rejects a PeerAuthentication (reported as invalid-peer-authentication). */
export type InvalidPolicy = { policy: PeerAuthentication; why: string };

const hasSelector = (pa: PeerAuthentication) => Object.keys(pa.spec.selector?.matchLabels ?? {}).length > 0;

/**
 * Which PeerAuthentications compose a workload's mode: mesh = no selector in the root namespace;
 * namespace = no selector in the workload's namespace; workload = a selector that is a subset of the
 * workload's labels, in its namespace. At each scope the oldest wins and istiod ignores the rest.
 * Policies Istio's validation rejects take no part (see invalidPeerAuthentications).
 */
export function peerAuthenticationsInEffect(
  rootPolicies: readonly PeerAuthentication[],
  namespacePolicies: readonly PeerAuthentication[],
  rootNamespace: string,
  namespace: string,
  labels: Readonly<Record<string, string>>,
): PoliciesInEffect {
  const valid = (pa: PeerAuthentication) => invalidReason(pa, rootNamespace) === undefined;
  const choose = (list: PeerAuthentication[]): ScopeChoice | undefined => {
    const [used, ...ignored] = oldestFirst(list);
    return used ? { used, ignored } : undefined;
  };
  const mesh = choose(rootPolicies.filter((pa) => valid(pa) && !hasSelector(pa)));
  const inNamespace = namespace === rootNamespace ? [] : namespacePolicies.filter(valid);
  const ns = choose(inNamespace.filter((pa) => !hasSelector(pa)));
  const workload = choose(
    inNamespace.filter(
      (pa) =>
        hasSelector(pa) &&
        Object.entries(pa.spec.selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v),
    ),
  );
  return { ...(mesh ? { mesh } : {}), ...(ns ? { namespace: ns } : {}), ...(workload ? { workload } : {}) };
}

/** Every PeerAuthentication Istio rejects or ignores, with the reason in a user's words. */
export function invalidPeerAuthentications(
  policies: readonly PeerAuthentication[],
  rootNamespace: string,
): InvalidPolicy[] {
  return policies.flatMap((policy) => {
    const why = invalidReason(policy, rootNamespace);
    return why ? [{ policy, why }] : [];
  });
}

function invalidReason(pa: PeerAuthentication, rootNamespace: string): string | undefined {
  const ports = Object.keys(pa.spec.portLevelMtls ?? {});
  if (readMode(pa.spec.mtls?.mode) === 'invalid')
    return `mode "${pa.spec.mtls?.mode}" is not one of UNSET, DISABLE, PERMISSIVE, STRICT`;
  const badPortMode = ports.find((p) => readMode(pa.spec.portLevelMtls?.[p]?.mode) === 'invalid');
  if (badPortMode !== undefined)
    return `port ${badPortMode} has mode "${pa.spec.portLevelMtls?.[badPortMode]?.mode}", not one of UNSET, DISABLE, PERMISSIVE, STRICT`;
  const badPort = ports.find((p) => !/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 65535);
  if (badPort !== undefined) return `portLevelMtls key "${badPort}" is not a port number`;
  if (ports.length > 0 && !hasSelector(pa))
    return 'portLevelMtls without a selector: Istio accepts port-level settings only on a workload policy';
  if (pa.metadata.namespace === rootNamespace && hasSelector(pa))
    return `a selector in the root namespace (${rootNamespace}): istiod uses root-namespace policies only mesh-wide, so this one applies to no workload`;
  return undefined;
}
