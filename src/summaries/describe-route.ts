import { istioConfigPath, type Metadata } from '../schemas/envoy/common-schema.ts';
import type { Route, RouteConfiguration, RouteMatch, VirtualHost } from '../schemas/envoy/route-schema.ts';

// Text istioctl derives from routes, shared by the listeners table (inline routes) and the routes table.

/** `/foo*` for a prefix, `PathPrefix:/foo`, the exact path, or `regex …`; several joined by a space. */
export function describeMatch(match: RouteMatch | undefined): string {
  const conds: string[] = [];
  if (match?.prefix) conds.push(`${match.prefix}*`);
  if (match?.path_separated_prefix) conds.push(`PathPrefix:${match.path_separated_prefix}`);
  if (match?.path) conds.push(match.path);
  if (match?.safe_regex) conds.push(`regex ${match.safe_regex.regex ?? ''}`);
  return conds.join(' ');
}

/** DESTINATION of an HCM with an inline route configuration. */
export function describeRouteConfig(config: RouteConfiguration): string {
  const cluster = matchAllCluster(config);
  if (cluster !== undefined) return cluster;
  const vhosts = (config.virtual_hosts ?? []).map((vh) => {
    const domains = describeDomains(vh);
    const routes = (vh.routes ?? []).map((r) => describeMatch(r.match)).join(', ');
    return domains === '' ? routes : `${domains} ${routes}`;
  });
  return `Inline Route: ${vhosts.join('; ')}`;
}

/** One vhost for `*` with one `/` route to one cluster: show just the cluster. */
function matchAllCluster(config: RouteConfiguration): string | undefined {
  const vhosts = config.virtual_hosts ?? [];
  if (vhosts.length !== 1) return undefined;
  const vh = vhosts[0] as VirtualHost;
  if (vh.domains?.length !== 1 || vh.domains[0] !== '*') return undefined;
  if (vh.routes?.length !== 1) return undefined;
  const route = vh.routes[0] as Route;
  if (route.match?.prefix !== '/') return undefined;
  const cluster = route.route?.cluster;
  if (cluster === undefined) return undefined;
  return clusterLabel(cluster);
}

/** `PassthroughCluster` and friends print bare; other clusters as `Cluster: <name>`. */
export function clusterLabel(cluster: string): string {
  return cluster.includes('Cluster') ? cluster : `Cluster: ${cluster}`;
}

function describeDomains(vh: VirtualHost): string {
  const domains = vh.domains ?? [];
  if (domains.length === 1 && domains[0] === '*') return '';
  return domains.join('/');
}

/** Routes table DOMAINS: the first two domains without a port, short names preferred, then `+ N more...`. */
export function describeRouteDomains(domains: readonly string[]): string {
  if (domains.length === 0) return '';
  if (domains.length === 1) return domains[0] as string;
  const withoutPort = domains.filter((d) => {
    if (!d.includes(':')) return true;
    // IPv6 literals have colons too: keep `[fd00::1]`, drop `[fd00::1]:8080`.
    return d.split(':').length - 1 > 2 && d.endsWith(']');
  });
  const unique = new Set(withoutPort);
  const redundant = new Set<string>();
  for (const h of withoutPort) {
    for (const suffix of ['.svc.cluster.local', '.svc']) {
      const short = h.endsWith(suffix) ? h.slice(0, -suffix.length) : h;
      if (short !== h && unique.has(short)) redundant.add(h);
    }
  }
  const kept = withoutPort.filter((h) => !redundant.has(h));
  if (kept.length > 2) return `${kept.slice(0, 2).join(', ')} + ${kept.length - 2} more...`;
  return kept.join(', ');
}

/** VIRTUAL SERVICE / DESTINATION RULE: `<name>.<namespace>` of the Istio resource behind it. */
export function describeManagement(metadata: Metadata | undefined): string {
  const path = istioConfigPath(metadata);
  if (path === undefined) return '';
  if (!path.startsWith('/apis/networking.istio.io/')) return '<unknown>';
  const pieces = path.split('/');
  return pieces.length === 8 ? `${pieces[7]}.${pieces[5]}` : '';
}
