import type { VirtualService, VirtualServiceRoute } from '../../schemas/istio.ts';
import type { Service } from '../../schemas/kube.ts';
import type { ArgoRollout, FlaggerCanary } from '../../schemas/rollouts.ts';
import { serviceFqdn } from '../labels/host-resolution.ts';
import { ruleHostFqdn } from '../tls/destination-rule-for.ts';
import type { CanaryMode } from './canary-input.ts';

// Which canary `<app>` names and who drives it (canary.md §8.2): a Flagger Canary named after it
// or targeting it, an Argo Rollout with Istio traffic routing, or a plain VirtualService whose
// default route splits the app's Service over two or more destinations. Several candidates:
// ask; none: say so and summarise the app's routing. Never guess.

export type Detected =
  | { kind: 'flagger'; mode: 'flagger'; canary: FlaggerCanary }
  | { kind: 'argo'; mode: 'argo-subset' | 'argo-host'; rollout: ArgoRollout }
  | { kind: 'istio'; mode: 'istio'; service: Service; vs: VirtualService; routeIndex: number };
export type Detection =
  | { kind: 'found'; found: Detected; mode: CanaryMode }
  | { kind: 'ambiguous'; choices: string[] }
  | { kind: 'none'; summary: string[] };

/** Does the VirtualService apply to sidecar (east-west) traffic: no gateways, or `mesh` listed. */
export function appliesToMesh(vs: VirtualService): boolean {
  const gateways = vs.spec.gateways ?? [];
  return gateways.length === 0 || gateways.includes('mesh');
}

/** The route every request without a better match takes: the first without `match`, else none. */
export function defaultRouteIndex(vs: VirtualService): number | undefined {
  const http = vs.spec.http ?? [];
  const i = http.findIndex((r) => (r.match ?? []).length === 0);
  return i >= 0 ? i : undefined;
}

/** Does any of the VirtualService's hosts resolve to this FQDN. */
export function vsHostsInclude(vs: VirtualService, fqdn: string): boolean {
  const ns = vs.metadata.namespace ?? 'default';
  return (vs.spec.hosts ?? []).some((h) => ruleHostFqdn(h, ns) === fqdn);
}

function destinationsOf(route: VirtualServiceRoute | undefined): number {
  return (route?.route ?? []).filter((d) => d.destination).length;
}

export function detectCanary(
  app: string,
  namespace: string,
  objects: {
    canaries: readonly FlaggerCanary[];
    rollouts: readonly ArgoRollout[];
    services: readonly Service[];
    virtualServices: readonly VirtualService[];
  },
): Detection {
  const flagger = objects.canaries.filter(
    (c) => c.metadata.name === app || c.spec.targetRef?.name === app || c.spec.service?.name === app,
  );
  const argo = objects.rollouts.filter(
    (r) => r.metadata.name === app && r.spec.strategy?.canary?.trafficRouting?.istio,
  );
  const choices = [
    ...flagger.map((c) => `Flagger Canary ${namespace}/${c.metadata.name}`),
    ...argo.map((r) => `Argo Rollout ${namespace}/${r.metadata.name}`),
  ];
  if (choices.length > 1) return { kind: 'ambiguous', choices };
  const [canary] = flagger;
  if (canary) return { kind: 'found', mode: 'flagger', found: { kind: 'flagger', mode: 'flagger', canary } };
  const [rollout] = argo;
  if (rollout) {
    const mode = rollout.spec.strategy?.canary?.trafficRouting?.istio?.destinationRule
      ? 'argo-subset'
      : 'argo-host';
    return { kind: 'found', mode, found: { kind: 'argo', mode, rollout } };
  }

  const service = objects.services.find((s) => s.metadata.name === app);
  const summary: string[] = [];
  const plainRollout = objects.rollouts.find((r) => r.metadata.name === app);
  if (plainRollout)
    summary.push(
      `Argo Rollout ${namespace}/${app} has no Istio traffic routing (strategy.canary.trafficRouting.istio): its canary is by replica count, which canary status does not judge.`,
    );
  if (!service) {
    if (summary.length === 0)
      summary.push(`No Flagger Canary, Argo Rollout or Service named ${app} in namespace ${namespace}.`);
    return { kind: 'none', summary };
  }
  const fqdn = serviceFqdn(service);
  const about = objects.virtualServices.filter((vs) => vsHostsInclude(vs, fqdn));
  const splitting = about
    .filter(appliesToMesh)
    .map((vs) => ({ vs, index: defaultRouteIndex(vs) }))
    .filter(
      (c): c is { vs: VirtualService; index: number } =>
        c.index !== undefined && destinationsOf(c.vs.spec.http?.[c.index]) >= 2,
    );
  if (splitting.length > 1)
    return {
      kind: 'ambiguous',
      choices: splitting.map(
        (c) =>
          `VirtualService ${c.vs.metadata.namespace}/${c.vs.metadata.name} (splits ${app} for mesh traffic)`,
      ),
    };
  const [split] = splitting;
  if (split)
    return {
      kind: 'found',
      mode: 'istio',
      found: { kind: 'istio', mode: 'istio', service, vs: split.vs, routeIndex: split.index },
    };
  summary.push(
    `No canary for ${app}: no Flagger Canary, no Argo Rollout, and no VirtualService splits its default route.`,
  );
  if (about.length === 0)
    summary.push(
      `No VirtualService routes ${fqdn}: traffic follows the Service's selector across all its pods.`,
    );
  for (const vs of about) {
    const i = defaultRouteIndex(vs);
    const route = i !== undefined ? vs.spec.http?.[i] : undefined;
    const to = (route?.route ?? [])
      .map(
        (d) =>
          `${d.destination?.host ?? '?'}${d.destination?.subset ? `/${d.destination.subset}` : ''} ${d.weight ?? 100}%`,
      )
      .join(', ');
    summary.push(
      `VirtualService ${vs.metadata.namespace}/${vs.metadata.name}${appliesToMesh(vs) ? '' : ` (gateways ${(vs.spec.gateways ?? []).join(', ')} only)`}: ${to ? `default route → ${to}` : 'no default route'}.`,
    );
  }
  return { kind: 'none', summary };
}
