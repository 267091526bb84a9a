import type { ObjectRef } from '../../../../core/finding.ts';
import type {
  DestinationRule,
  HttpMatch,
  RouteDestination,
  VirtualService,
  VirtualServiceRoute,
} from '../../../../schemas/istio.ts';
import type { Pod } from '../../../../schemas/kube.ts';
import { serviceFqdn } from '../../../labels/host-resolution.ts';
import { hostMatchRank, ruleHostFqdn } from '../../../tls/destination-rule-for.ts';
import { oldestFirst } from '../../../tls/mtls-mode.ts';
import { refOf } from '../../canary-finding.ts';
import type { CanaryInput, CanaryVersion, Role } from '../../canary-input.ts';

// What the routing checks (R01–R14) share: the app's hosts, a VirtualService's scope and
// destinations, DestinationRule merging, and who calls through a gateway. Pure; no check here.

export const nsOf = (o: { metadata: { namespace?: string | undefined } }): string =>
  o.metadata.namespace ?? 'default';

/** The subject of a routing pass: the split's VirtualService, else the app's Service, else the app. */
export function appRef(input: CanaryInput): ObjectRef {
  if (input.split) return refOf('VirtualService', input.split.vs);
  if (input.service) return refOf('Service', input.service);
  return { kind: 'Service', namespace: input.namespace, name: input.app };
}

/** Every FQDN the app answers to: its Service, each version's host, each split destination. */
export function appHosts(input: CanaryInput): Set<string> {
  const hosts = new Set<string>();
  if (input.service) hosts.add(serviceFqdn(input.service));
  for (const v of [input.stable, input.canary]) if (v) hosts.add(v.host);
  for (const d of input.split?.destinations ?? []) hosts.add(d.host);
  return hosts;
}

/** A VirtualService applies to sidecars (east-west) when `gateways` is empty or lists `mesh`. */
export const bindsMesh = (vs: VirtualService): boolean =>
  (vs.spec.gateways ?? []).length === 0 || (vs.spec.gateways ?? []).includes('mesh');

/** The Gateways a VirtualService names, `mesh` left out. */
export const namedGateways = (vs: VirtualService): string[] =>
  (vs.spec.gateways ?? []).filter((g) => g !== 'mesh');

/** The VirtualService's hosts as FQDNs (short names resolve in its own namespace). */
export const vsHostFqdns = (vs: VirtualService): string[] =>
  (vs.spec.hosts ?? []).map((h) => ruleHostFqdn(h, nsOf(vs)));

/** One destination of an http route, with where it sits. */
export type RouteDest = {
  readonly routeIndex: number;
  readonly route: VirtualServiceRoute;
  readonly destination: RouteDestination;
  /** The destination's FQDN (resolved in the VirtualService's namespace). */
  readonly fqdn: string;
  /** As written; a missing weight is 100 for a lone destination, 0 among several. */
  readonly weight: number;
  /** The share Istio ≥ 1.15 gives it within its route (0–1). */
  readonly share: number;
};

/** Every http destination of a VirtualService, in order. */
export function httpDestinations(vs: VirtualService): RouteDest[] {
  const out: RouteDest[] = [];
  (vs.spec.http ?? []).forEach((route, routeIndex) => {
    const dests = (route.route ?? []).filter((d) => d.destination);
    const weights = dests.map((d) => d.weight ?? (dests.length === 1 ? 100 : 0));
    const sum = weights.reduce((a, b) => a + b, 0);
    dests.forEach((d, i) => {
      if (!d.destination) return;
      const weight = weights[i] ?? 0;
      out.push({
        routeIndex,
        route,
        destination: d.destination,
        fqdn: ruleHostFqdn(d.destination.host, nsOf(vs)),
        weight,
        share: dests.length === 1 ? 1 : sum > 0 ? weight / sum : 0,
      });
    });
  });
  return out;
}

/** `http[2]` or `http[2] (canary-header)`, for messages. */
export const routeLabel = (routeIndex: number, route: VirtualServiceRoute): string =>
  `http[${routeIndex}]${route.name ? ` (${route.name})` : ''}`;

/** A destination for people: `checkout subset v2`, short when in the app's namespace. */
export function destLabel(host: string, subset: string | undefined | null, namespace: string): string {
  const suffix = `.${namespace}.svc.cluster.local`;
  const short = host.endsWith(suffix) ? host.slice(0, -suffix.length) : host;
  return subset ? `${short} subset ${subset}` : short;
}

/** Which version a destination is, if it is one of the app's. */
export function roleOf(
  input: CanaryInput,
  fqdn: string,
  subset: string | undefined | null,
): Role | undefined {
  for (const v of [input.stable, input.canary])
    if (v && v.host === fqdn && (v.subset ?? undefined) === (subset ?? undefined)) return v.role;
  return undefined;
}

/** The version of a role. */
export const versionOf = (input: CanaryInput, role: Role): CanaryVersion | undefined =>
  role === 'stable' ? input.stable : input.canary;

/** The subsets clients get for a host after istiod's merge: most specific host, oldest rule first, first name wins. */
export function mergedSubsets(
  rules: readonly DestinationRule[],
  fqdn: string,
): {
  rules: DestinationRule[];
  subsets: Map<string, { labels: Readonly<Record<string, string>>; rule: DestinationRule }>;
} {
  const ranked = rules
    .map((r) => ({ r, rank: hostMatchRank(ruleHostFqdn(r.spec.host ?? '', nsOf(r)), fqdn) }))
    .filter((x) => x.rank >= 0);
  const best = Math.max(-1, ...ranked.map((x) => x.rank));
  const chosen = oldestFirst(ranked.filter((x) => x.rank === best).map((x) => x.r));
  const subsets = new Map<string, { labels: Readonly<Record<string, string>>; rule: DestinationRule }>();
  for (const rule of chosen)
    for (const s of rule.spec.subsets ?? [])
      if (!subsets.has(s.name)) subsets.set(s.name, { labels: s.labels ?? {}, rule });
  return { rules: chosen, subsets };
}

/** `k=v,k2=v2`. */
export const labelText = (labels: Readonly<Record<string, string>>): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

export const hasLabels = (pod: Pod, labels: Readonly<Record<string, string>>): boolean =>
  Object.entries(labels).every(([k, v]) => pod.metadata.labels[k] === v);

/** A pod's version value: `version`, `app.kubernetes.io/version`, Istio's canonical revision, Argo's revision hash. */
export function podVersion(pod: Pod): string | undefined {
  const l = pod.metadata.labels;
  return (
    l.version ??
    l['app.kubernetes.io/version'] ??
    l['service.istio.io/canonical-revision'] ??
    l['rollouts-pod-template-hash']
  );
}

const conditionKeys = (m: HttpMatch): string[] =>
  Object.entries(m)
    .filter(([k, v]) => k !== 'name' && k !== 'ignoreUriCase' && v !== undefined && v !== null)
    .map(([k]) => k);

/**
 * Whether a route catches every request: no `match` (Istio's IST0130 case), or a match entry with
 * no condition at all or only `uri: {prefix: /}`, which Envoy matches on every request too.
 */
export function catchAll(route: VirtualServiceRoute): { all: boolean; why: string } {
  const matches = route.match ?? [];
  if (matches.length === 0) return { all: true, why: 'it has no match' };
  for (const m of matches) {
    const keys = conditionKeys(m);
    if (keys.length === 0) return { all: true, why: 'one of its matches is empty' };
    const prefixSlash =
      keys.length === 1 && keys[0] === 'uri' && m.uri?.prefix === '/' && !m.uri.exact && !m.uri.regex;
    if (prefixSlash) return { all: true, why: 'it matches uri prefix /' };
  }
  return { all: false, why: '' };
}

/** The header names a route matches on. */
export const headerKeys = (route: VirtualServiceRoute): string[] =>
  (route.match ?? []).flatMap((m) => Object.keys(m.headers ?? {}));

/** A header match for people: `x-canary: true`, `x-user: ~^beta`. */
export function headerText(route: VirtualServiceRoute): string {
  return (route.match ?? [])
    .flatMap((m) =>
      Object.entries(m.headers ?? {}).map(([k, v]) => {
        const value = v.exact ?? (v.prefix ? `${v.prefix}*` : v.regex ? `~${v.regex}` : '(present)');
        return `${k}: ${value}`;
      }),
    )
    .join(', ');
}

/** A canonical form of a match for comparing two (key order and its `name` ignored). */
export function matchKey(m: HttpMatch): string {
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canon);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined && x !== null)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, canon(x)]),
      );
    return v;
  };
  const { name: _name, ...rest } = m;
  return JSON.stringify(canon(rest));
}

/** A source workload that is an ingress gateway (istio-ingressgateway, a custom `*-gateway`). */
export const isGatewaySource = (workload: string): boolean => /gateway/i.test(workload);

/** Requests the window saw from ingress gateways, and from in-mesh callers; undefined without metrics. */
export function callers(input: CanaryInput): { ingress: number; inMesh: number } | undefined {
  if (!input.metrics) return undefined;
  let ingress = 0;
  let inMesh = 0;
  for (const s of input.metrics.bySource) {
    const n = s.canaryRequests + s.stableRequests;
    if (isGatewaySource(s.sourceWorkload)) ingress += n;
    else if (s.sourceWorkload !== 'unknown') inMesh += n;
  }
  return { ingress, inMesh };
}

/** `kubectl -n ns` for fix commands. */
export const kubectlIn = (input: CanaryInput, namespace: string): string =>
  `${input.kubectl} -n ${namespace}`;
