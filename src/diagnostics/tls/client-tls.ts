import type { ClientTls, TrafficPolicy } from '../../schemas/istio.ts';
import type { ChosenRule } from './destination-rule-for.ts';

/** What a client's cluster for (host, port, subset) carries as TLS setting, and where it was written. */
export type ClientTlsChoice = {
  /** The DestinationRule `tls` in effect, or none (auto-mTLS or plaintext decide). */
  tls: ClientTls | undefined;
  /** JSON pointer of that `tls` in the rule (for a patch), when there is one. */
  path: string | undefined;
  /**
   * A `portLevelSettings` entry for the port without `tls` replaced a `tls` written above it
   * (istio-semantics.md §3.3: port-level settings replace wholesale): the pointer of the entry and
   * of the `tls` it dropped.
   */
  dropped: { entryPath: string; droppedPath: string; droppedTls: ClientTls } | undefined;
};

/**
 * The TLS setting istiod gives a client's cluster for one service port and subset
 * (MergeTrafficPolicy): the top-level policy, replaced wholesale by its port-level entry for the
 * port; then the subset's policy: its `tls` overrides, and its own port-level entry replaces again.
 */
export function clientTlsFor(
  chosen: ChosenRule | undefined,
  port: number,
  subset: string | undefined,
): ClientTlsChoice {
  let result: ClientTlsChoice = { tls: undefined, path: undefined, dropped: undefined };
  if (!chosen) return result;
  const { rule } = chosen;
  result = applyPolicy(result, rule.spec.trafficPolicy, '/spec/trafficPolicy', port);
  if (subset !== undefined) {
    const index = (rule.spec.subsets ?? []).findIndex((s) => s.name === subset);
    const definition = chosen.subsets.find((s) => s.name === subset);
    const base = index >= 0 ? `/spec/subsets/${index}/trafficPolicy` : undefined;
    const policy = definition?.trafficPolicy;
    if (policy?.tls) result = { tls: policy.tls, path: base && `${base}/tls`, dropped: undefined };
    result = applyPortLevel(result, policy, base, port);
  }
  return result;
}

function applyPolicy(
  current: ClientTlsChoice,
  policy: TrafficPolicy | null | undefined,
  base: string,
  port: number,
) {
  const top: ClientTlsChoice = policy?.tls
    ? { tls: policy.tls, path: `${base}/tls`, dropped: undefined }
    : current;
  return applyPortLevel(top, policy, base, port);
}

function applyPortLevel(
  current: ClientTlsChoice,
  policy: TrafficPolicy | null | undefined,
  base: string | undefined,
  port: number,
): ClientTlsChoice {
  const entries = policy?.portLevelSettings ?? [];
  const index = entries.findIndex((e) => e.port?.number === port);
  const entry = entries[index];
  if (!entry) return current;
  const entryPath = base && `${base}/portLevelSettings/${index}`;
  if (entry.tls) return { tls: entry.tls, path: entryPath && `${entryPath}/tls`, dropped: undefined };
  return {
    tls: undefined,
    path: undefined,
    dropped:
      current.tls && entryPath && current.path
        ? { entryPath, droppedPath: current.path, droppedTls: current.tls }
        : undefined,
  };
}

/** A present `tls` without `mode` is DISABLE: the proto's zero value. */
export function tlsMode(tls: ClientTls): string {
  return tls.mode || 'DISABLE';
}

/**
 * The DestinationRule TLS mode istiod's endpoint check reads when it decides whether an endpoint
 * keeps its mTLS marker under auto-mTLS (pilot/pkg/xds/endpoints/mtls_checker.go): the subset's own
 * policy for a subset (the top level is not consulted), else the top-level policy; within it, a
 * port-level entry only when that entry has a `tls`. Unlike the cluster's setting (clientTlsFor),
 * a port-level entry without `tls` does not hide the `tls` above it: measured against istiod, a
 * top-level DISABLE with such an entry leaves the cluster on auto-mTLS but every endpoint plaintext.
 */
export function endpointCheckTlsMode(
  chosen: ChosenRule | undefined,
  port: number,
  subset: string | undefined,
): string | undefined {
  if (!chosen) return undefined;
  const policy =
    subset === undefined
      ? chosen.rule.spec.trafficPolicy
      : chosen.subsets.find((s) => s.name === subset)?.trafficPolicy;
  if (!policy) return undefined;
  const entry = (policy.portLevelSettings ?? []).find((e) => e.port?.number === port && e.tls);
  const tls = entry?.tls ?? policy.tls;
  return tls ? tlsMode(tls) : undefined;
}
