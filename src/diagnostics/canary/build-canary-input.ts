import { serviceSelects } from '../../kube/service-selects.ts';
import type { DestinationRule, VirtualService } from '../../schemas/istio.ts';
import type { Deployment, KubeEvent, Pod, Service } from '../../schemas/kube.ts';
import type { AnalysisRun, FlaggerCanary } from '../../schemas/rollouts.ts';
import { serviceFqdn } from '../labels/host-resolution.ts';
import { ruleHostFqdn } from '../tls/destination-rule-for.ts';
import type {
  CanaryController,
  CanaryInput,
  CanarySplit,
  CanaryVersion,
  MetricKey,
  Role,
  SplitDestination,
} from './canary-input.ts';
import { type CanarySettings, defaultCanarySettings, settingAnnotations } from './canary-settings.ts';
import { appliesToMesh, type Detected, defaultRouteIndex, vsHostsInclude } from './detect-canary.ts';

// Joins the gathered objects into the canary scene (canary-input.ts): which route splits the
// app, which destination is which version, the pods, workload and metric label behind each, the
// controller's records. Pure; everything a check needs is decided here once.

export type CanaryObjects = {
  services: readonly Service[];
  meshServices: readonly Service[];
  serviceEntries: CanaryInput['serviceEntries'];
  virtualServices: readonly VirtualService[];
  rules: readonly DestinationRule[];
  gateways: CanaryInput['gateways'];
  pods: readonly Pod[];
  deployments: readonly Deployment[];
  replicaSets: readonly Deployment[];
  hpas: CanaryInput['hpas'];
  events: readonly KubeEvent[];
  analysisRuns: readonly AnalysisRun[];
  namespaceObject: CanaryInput['namespaceObject'];
};

export type CanaryContext = {
  app: string;
  namespace: string;
  now: number;
  kubectl: string;
  windowSeconds: number;
  istioVersion: string | undefined;
};

const eventTime = (e: KubeEvent) =>
  Date.parse(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? '') || 0;

/** Events about one object, newest first. */
export function eventsFor(events: readonly KubeEvent[], kind: string, name: string): KubeEvent[] {
  return events
    .filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name)
    .sort((a, b) => eventTime(b) - eventTime(a));
}

/** The version value pods carry, as Istio's metrics name it (canary.md §6.1). */
function versionValue(pods: readonly Pod[]): { label: MetricKey['label']; value: string } | undefined {
  const [first] = pods;
  if (!first) return undefined;
  const l = first.metadata.labels;
  if (l.version) return { label: 'destination_version', value: l.version };
  const rev = l['service.istio.io/canonical-revision'] ?? l['app.kubernetes.io/version'];
  if (rev) return { label: 'destination_canonical_revision', value: rev };
  return undefined;
}

/** No pods to read it from (the subset selects none): the version the subset's labels name. */
function versionOfLabels(
  labels: Readonly<Record<string, string>> | undefined,
): { label: MetricKey['label']; value: string } | undefined {
  if (!labels) return undefined;
  if (labels.version) return { label: 'destination_version', value: labels.version };
  const rev = labels['service.istio.io/canonical-revision'] ?? labels['app.kubernetes.io/version'];
  return rev ? { label: 'destination_canonical_revision', value: rev } : undefined;
}

const matches = (labels: Readonly<Record<string, string>>, pod: Pod) =>
  Object.entries(labels).every(([k, v]) => pod.metadata.labels[k] === v);

/** Subsets of the DestinationRules for `host`, merged as istiod does: the first definition of a name wins. */
export function mergedSubset(
  rules: readonly DestinationRule[],
  host: string,
  subset: string,
): { labels: Record<string, string>; rule: DestinationRule } | undefined {
  const sorted = [...rules].sort(
    (a, b) =>
      (Date.parse(a.metadata.creationTimestamp ?? '') || 0) -
        (Date.parse(b.metadata.creationTimestamp ?? '') || 0) ||
      `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace}/${b.metadata.name}`,
      ),
  );
  for (const rule of sorted) {
    if (ruleHostFqdn(rule.spec.host ?? '', rule.metadata.namespace ?? 'default') !== host) continue;
    const found = (rule.spec.subsets ?? []).find((s) => s.name === subset);
    if (found) return { labels: found.labels ?? {}, rule };
  }
  return undefined;
}

function workloadOf(
  pods: readonly Pod[],
  deployments: readonly Deployment[],
  replicaSets: readonly Deployment[],
): CanaryVersion['workload'] {
  const owners = new Set(
    pods.flatMap((p) => (p.metadata.ownerReferences ?? []).map((o) => `${o.kind}/${o.name}`)),
  );
  const rs = replicaSets.find((r) => owners.has(`ReplicaSet/${r.metadata.name}`));
  const deployment = rs
    ? deployments.find((d) =>
        (rs.metadata.ownerReferences ?? []).some(
          (o) => o.kind === 'Deployment' && o.name === d.metadata.name,
        ),
      )
    : deployments.find((d) => pods.some((p) => matches(d.spec.selector.matchLabels ?? {}, p)));
  const object = deployment ?? rs;
  if (!object) return undefined;
  return counts(deployment ? 'Deployment' : 'ReplicaSet', object);
}

function counts(
  kind: 'Deployment' | 'ReplicaSet',
  object: Deployment,
): NonNullable<CanaryVersion['workload']> {
  return {
    kind,
    object,
    desired: object.spec.replicas ?? 1,
    ready: object.status?.readyReplicas ?? 0,
    available: object.status?.availableReplicas ?? object.status?.readyReplicas ?? 0,
  };
}

const newestPod = (pods: readonly Pod[]) =>
  Math.max(0, ...pods.map((p) => Date.parse(p.metadata.creationTimestamp ?? '') || 0));

function settingsFor(
  annotated: readonly ({ metadata: { annotations: Record<string, string> } } | undefined)[],
  canary: FlaggerCanary | undefined,
): CanarySettings {
  let settings: CanarySettings = { ...defaultCanarySettings };
  const metrics = canary?.spec.analysis?.metrics ?? [];
  const success = metrics.find((m) => m.name === 'request-success-rate');
  const duration = metrics.find((m) => m.name === 'request-duration');
  const min = success?.thresholdRange?.min ?? success?.threshold ?? undefined;
  const max = duration?.thresholdRange?.max ?? duration?.threshold ?? undefined;
  if (min !== undefined || max !== undefined)
    settings = {
      ...settings,
      minSuccessRatePercent: min,
      maxP99Ms: max,
      limitsFrom: `Flagger's analysis (${[min !== undefined ? `min success ${min}%` : '', max !== undefined ? `max p99 ${max}ms` : ''].filter(Boolean).join(', ')})`,
    };
  for (const o of annotated)
    for (const [annotation, key] of Object.entries(settingAnnotations)) {
      const raw = o?.metadata.annotations[annotation];
      const value = raw === undefined ? Number.NaN : Number(raw);
      if (Number.isFinite(value))
        settings = {
          ...settings,
          [key]: value,
          ...(key === 'minSuccessRatePercent' || key === 'maxP99Ms'
            ? { limitsFrom: `annotation ${annotation}` }
            : {}),
        };
    }
  return settings;
}

function splitOf(
  vs: VirtualService,
  routeIndex: number,
  roleOfDest: (d: { host: string; subset?: string }) => Role | undefined,
): CanarySplit | undefined {
  const route = vs.spec.http?.[routeIndex];
  if (!route) return undefined;
  const ns = vs.metadata.namespace ?? 'default';
  const dests = (route.route ?? []).filter((d) => d.destination);
  const lone = dests.length === 1;
  const written = dests.map((d) => (lone ? (d.weight ?? 100) : (d.weight ?? 0)));
  const sum = written.reduce((s, w) => s + w, 0);
  const destinations: SplitDestination[] = dests.map((d, i) => {
    const host = ruleHostFqdn(d.destination?.host ?? '', ns);
    const subset = d.destination?.subset ?? undefined;
    const weight = written[i] ?? 0;
    const role = roleOfDest({ host, ...(subset ? { subset } : {}) });
    const port = d.destination?.port?.number ?? undefined;
    return {
      host,
      ...(subset ? { subset } : {}),
      ...(port !== undefined ? { port } : {}),
      weight,
      effective: lone ? 1 : sum > 0 ? weight / sum : 0,
      ...(role ? { role } : {}),
    };
  });
  return { vs, routeIndex, route, destinations, sum };
}

/** The route Flagger or Argo steers: the one naming the canary destination, else the default route. */
function controlledRouteIndex(
  vs: VirtualService,
  isCanary: (host: string, subset?: string) => boolean,
  names?: readonly string[],
): number | undefined {
  const http = vs.spec.http ?? [];
  if (names && names.length > 0) {
    const i = http.findIndex((r) => r.name && names.includes(r.name));
    if (i >= 0) return i;
  }
  const ns = vs.metadata.namespace ?? 'default';
  // The weighted route: two or more destinations, one of them the canary (an A/B header route sends all to the canary alone).
  const i = http.findIndex(
    (r) =>
      (r.route ?? []).filter((d) => d.destination).length >= 2 &&
      (r.route ?? []).some(
        (d) =>
          d.destination && isCanary(ruleHostFqdn(d.destination.host, ns), d.destination.subset ?? undefined),
      ),
  );
  return i >= 0 ? i : defaultRouteIndex(vs);
}

function vsByRef(all: readonly VirtualService[], ref: string, namespace: string): VirtualService | undefined {
  const [name, ns] = ref.includes('.')
    ? [ref.slice(0, ref.indexOf('.')), ref.slice(ref.indexOf('.') + 1)]
    : [ref, namespace];
  return all.find((v) => v.metadata.name === name && (v.metadata.namespace ?? 'default') === ns);
}

export function buildCanaryInput(
  detected: Detected,
  objects: CanaryObjects,
  ctx: CanaryContext,
  metrics: { metrics: CanaryInput['metrics']; why: string | undefined; failed: boolean },
): CanaryInput {
  const { namespace } = ctx;
  const svc = (name: string | undefined) =>
    name ? objects.services.find((s) => s.metadata.name === name) : undefined;
  const fqdn = (name: string) => `${name}.${namespace}.svc.cluster.local`;
  const selected = (service: Service | undefined, labels?: Readonly<Record<string, string>>) =>
    service ? objects.pods.filter((p) => serviceSelects(service, p) && (!labels || matches(labels, p))) : [];
  const images = (pods: readonly Pod[], fallback?: Deployment) => [
    ...new Set(
      (pods.length > 0
        ? pods.flatMap((p) => p.spec.containers)
        : (fallback?.spec.template.spec.containers ?? [])
      )
        .filter((c) => c.name !== 'istio-proxy')
        .map((c) => c.image ?? '?'),
    ),
  ];

  let service: Service | undefined;
  let split: CanarySplit | undefined;
  let controller: CanaryController = { kind: 'none' };
  let stable: CanaryVersion | undefined;
  let canary: CanaryVersion | undefined;
  let hosts: string[] = [];
  let annotated: ({ metadata: { annotations: Record<string, string> } } | undefined)[] = [];
  let flaggerCanary: FlaggerCanary | undefined;

  const weightsOf = (role: Role) => {
    const mine = split?.destinations.filter((d) => d.role === role) ?? [];
    if (mine.length === 0) return {};
    return {
      vsWeight: mine.reduce((s, d) => s + d.weight, 0),
      effectiveWeight: Math.round(mine.reduce((s, d) => s + d.effective, 0) * 1000) / 10,
    };
  };

  if (detected.kind === 'flagger') {
    const c = detected.canary;
    flaggerCanary = c;
    const target = c.spec.targetRef?.name ?? c.metadata.name;
    const apex = c.spec.service?.name ?? target;
    service = svc(apex);
    const primaryHost = fqdn(`${apex}-primary`);
    const canaryHost = fqdn(`${apex}-canary`);
    hosts = [fqdn(apex), primaryHost, canaryHost];
    controller = { kind: 'flagger', canary: c, events: eventsFor(objects.events, 'Canary', c.metadata.name) };
    const vs = objects.virtualServices.find(
      (v) => v.metadata.name === apex && (v.metadata.namespace ?? 'default') === namespace,
    );
    const roleOf = (d: { host: string }) =>
      d.host === canaryHost ? 'canary' : d.host === primaryHost ? 'stable' : undefined;
    const index = vs ? controlledRouteIndex(vs, (h) => h === canaryHost) : undefined;
    split = vs && index !== undefined ? splitOf(vs, index, roleOf) : undefined;
    const phase = c.status?.phase ?? '';
    const controllerOwns = phase === 'Progressing' || phase === 'Waiting';
    const cw = c.status?.canaryWeight ?? undefined;
    const make = (role: Role, name: string, host: string, workloadName: string): CanaryVersion => {
      const s = svc(name);
      const pods = selected(s);
      const deployment = objects.deployments.find((d) => d.metadata.name === workloadName);
      return {
        role,
        name: workloadName,
        host,
        ...(s ? { service: s } : {}),
        pods,
        ...(deployment ? { workload: counts('Deployment', deployment) } : {}),
        ...(versionValue(pods) ? { versionLabel: versionValue(pods)?.value } : {}),
        images: images(pods, deployment),
        // Flagger's own queries tell the versions apart by workload: `<target>` vs `<target>-primary`.
        metricKey: { label: 'destination_workload', value: workloadName },
        ...weightsOf(role),
        ...(controllerOwns && cw !== undefined
          ? { controllerWeight: role === 'canary' ? cw : 100 - cw }
          : {}),
      };
    };
    stable = make('stable', `${apex}-primary`, primaryHost, `${target}-primary`);
    canary = make('canary', `${apex}-canary`, canaryHost, target);
    annotated = [c, service];
  } else if (detected.kind === 'argo') {
    const r = detected.rollout;
    const spec = r.spec.strategy?.canary;
    const istio = spec?.trafficRouting?.istio;
    const vsRefs = [
      ...(istio?.virtualService ? [istio.virtualService] : []),
      ...(istio?.virtualServices ?? []),
    ];
    const analysisRuns = objects.analysisRuns
      .filter((a) =>
        (a.metadata.ownerReferences ?? []).some((o) => o.kind === 'Rollout' && o.name === r.metadata.name),
      )
      .sort(
        (a, b) =>
          (Date.parse(b.metadata.creationTimestamp ?? '') || 0) -
          (Date.parse(a.metadata.creationTimestamp ?? '') || 0),
      );
    controller = {
      kind: 'argo',
      rollout: r,
      analysisRuns,
      events: eventsFor(objects.events, 'Rollout', r.metadata.name),
    };
    const currentHash = r.status?.currentPodHash ?? undefined;
    const stableHash = r.status?.stableRS ?? undefined;
    const rsByHash = (hash: string | undefined) =>
      hash
        ? objects.replicaSets.find((rs) => rs.metadata.labels['rollouts-pod-template-hash'] === hash)
        : undefined;
    const ref = vsRefs[0];
    const vs = ref ? vsByRef(objects.virtualServices, ref.name, namespace) : undefined;
    const weights = r.status?.canary?.weights;
    const fullyPromoted = currentHash !== undefined && currentHash === stableHash;
    if (detected.mode === 'argo-subset' && istio?.destinationRule) {
      const dr = istio.destinationRule;
      const ruleObj = objects.rules.find(
        (d) => d.metadata.name === dr.name && (d.metadata.namespace ?? 'default') === namespace,
      );
      const host = ruleObj ? ruleHostFqdn(ruleObj.spec.host ?? '', namespace) : undefined;
      service = host ? objects.services.find((s) => serviceFqdn(s) === host) : undefined;
      hosts = host ? [host] : [];
      const roleOf = (d: { host: string; subset?: string }) =>
        d.host === host
          ? d.subset === dr.canarySubsetName
            ? 'canary'
            : d.subset === dr.stableSubsetName
              ? 'stable'
              : undefined
          : undefined;
      const index = vs
        ? controlledRouteIndex(
            vs,
            (h, s) => h === host && s === dr.canarySubsetName,
            ref?.routes ?? undefined,
          )
        : undefined;
      split = vs && index !== undefined ? splitOf(vs, index, roleOf) : undefined;
      const make = (role: Role, subset: string, hash: string | undefined): CanaryVersion => {
        const merged = host ? mergedSubset(objects.rules, host, subset) : undefined;
        const pods = merged ? selected(service, merged.labels) : [];
        const rs = rsByHash(hash);
        const key = versionValue(pods) ?? versionOfLabels(merged?.labels);
        return {
          role,
          name: `${subset}${hash ? ` (${hash})` : ''}`,
          host: host ?? '',
          subset,
          ...(service ? { service } : {}),
          ...(merged ? { subsetLabels: merged.labels } : {}),
          subsetDefined: merged !== undefined,
          pods,
          ...(rs ? { workload: counts('ReplicaSet', rs) } : {}),
          ...(key ? { versionLabel: key.value, metricKey: key } : {}),
          images: images(pods, rs),
          ...weightsOf(role),
          ...(weights?.[role]?.weight !== undefined && weights?.[role]?.weight !== null && !fullyPromoted
            ? { controllerWeight: weights[role]?.weight ?? 0 }
            : {}),
        };
      };
      stable = make('stable', dr.stableSubsetName, stableHash);
      canary = make('canary', dr.canarySubsetName, currentHash);
    } else {
      const stableName = spec?.stableService ?? undefined;
      const canaryName = spec?.canaryService ?? undefined;
      service = svc(stableName) ?? svc(r.metadata.name);
      hosts = [stableName, canaryName].filter((n): n is string => !!n).map(fqdn);
      const roleOf = (d: { host: string }) =>
        canaryName && d.host === fqdn(canaryName)
          ? 'canary'
          : stableName && d.host === fqdn(stableName)
            ? 'stable'
            : undefined;
      const index =
        vs && canaryName
          ? controlledRouteIndex(vs, (h) => h === fqdn(canaryName), ref?.routes ?? undefined)
          : undefined;
      split = vs && index !== undefined ? splitOf(vs, index, roleOf) : undefined;
      const make = (role: Role, name: string | undefined, hash: string | undefined): CanaryVersion => {
        const s = svc(name);
        const pods = selected(s);
        const rs = rsByHash(hash);
        return {
          role,
          name: name ?? '(no Service)',
          host: name ? fqdn(name) : '',
          ...(s ? { service: s } : {}),
          pods,
          ...(rs ? { workload: counts('ReplicaSet', rs) } : {}),
          ...(versionValue(pods) ? { versionLabel: versionValue(pods)?.value } : {}),
          images: images(pods, rs),
          ...(name ? { metricKey: { label: 'destination_service_name' as const, value: name } } : {}),
          ...weightsOf(role),
          ...(weights?.[role]?.weight !== undefined && weights?.[role]?.weight !== null && !fullyPromoted
            ? { controllerWeight: weights[role]?.weight ?? 0 }
            : {}),
        };
      };
      stable = make('stable', stableName, stableHash);
      canary = make('canary', canaryName, currentHash);
    }
    annotated = [r, service];
  } else {
    service = detected.service;
    const host = serviceFqdn(service);
    hosts = [host];
    const vs = detected.vs;
    const raw = splitOf(vs, detected.routeIndex, () => undefined);
    // Which destination is the canary: the one whose pods are newest; then the smaller weight.
    const candidates = (raw?.destinations ?? []).map((d) => {
      const merged = d.subset ? mergedSubset(objects.rules, d.host, d.subset) : undefined;
      const target = d.host === host ? service : objects.services.find((s) => serviceFqdn(s) === d.host);
      const pods = d.subset ? (merged ? selected(target, merged.labels) : []) : selected(target);
      return { d, merged, target, pods };
    });
    // A destination with no pods (its subset is undefined or selects none) has no age to compare:
    // then the smaller weight tells, never "older than every running pod".
    const ordered = [...candidates].sort(
      (a, b) =>
        (a.pods.length > 0 && b.pods.length > 0 ? newestPod(b.pods) - newestPod(a.pods) : 0) ||
        a.d.weight - b.d.weight,
    );
    const canaryC = ordered[0];
    const stableC = [...candidates].filter((c) => c !== canaryC).sort((a, b) => b.d.weight - a.d.weight)[0];
    const roleOf = (d: { host: string; subset?: string }) =>
      canaryC && d.host === canaryC.d.host && d.subset === canaryC.d.subset
        ? 'canary'
        : stableC && d.host === stableC.d.host && d.subset === stableC.d.subset
          ? 'stable'
          : undefined;
    split = splitOf(vs, detected.routeIndex, roleOf);
    const keyOf = (c: (typeof candidates)[number] | undefined) =>
      c ? (versionValue(c.pods) ?? versionOfLabels(c.merged?.labels)) : undefined;
    const make = (
      role: Role,
      c: (typeof candidates)[number] | undefined,
      other: (typeof candidates)[number] | undefined,
    ): CanaryVersion | undefined => {
      if (!c) return undefined;
      const key = keyOf(c);
      // A subset no DestinationRule defines reaches no pod (503 NC), so its series are empty under
      // any value: it is named by the subset, under the other version's label, so the queries still
      // run and the routing failures (T02) are read rather than health left unknown.
      const otherKey = keyOf(other);
      const metricKey =
        key ??
        (c.d.subset && !c.merged && otherKey ? { label: otherKey.label, value: c.d.subset } : undefined);
      const workload = workloadOf(c.pods, objects.deployments, objects.replicaSets);
      return {
        role,
        name: c.d.subset ?? c.target?.metadata.name ?? c.d.host,
        host: c.d.host,
        ...(c.d.subset ? { subset: c.d.subset } : {}),
        ...(c.target ? { service: c.target } : {}),
        ...(c.merged ? { subsetLabels: c.merged.labels } : {}),
        ...(c.d.subset ? { subsetDefined: c.merged !== undefined } : {}),
        pods: c.pods,
        ...(workload ? { workload } : {}),
        ...(key ? { versionLabel: key.value } : {}),
        images: images(c.pods, workload?.object),
        ...(c.d.subset
          ? metricKey
            ? { metricKey }
            : {}
          : c.target
            ? { metricKey: { label: 'destination_service_name' as const, value: c.target.metadata.name } }
            : {}),
        ...weightsOf(role),
      };
    };
    stable = make('stable', stableC, canaryC);
    canary = make('canary', canaryC, stableC);
    annotated = [service];
  }

  const virtualServices = objects.virtualServices.filter(
    (vs) =>
      hosts.some((h) => vsHostsInclude(vs, h)) ||
      [...(vs.spec.http ?? []), ...(vs.spec.tcp ?? []), ...(vs.spec.tls ?? [])].some((r) =>
        (r.route ?? []).some(
          (d) =>
            d.destination &&
            hosts.includes(ruleHostFqdn(d.destination.host, vs.metadata.namespace ?? 'default')),
        ),
      ),
  );
  if (split && !virtualServices.includes(split.vs)) virtualServices.push(split.vs);
  const rules = objects.rules.filter((r) =>
    hosts.includes(ruleHostFqdn(r.spec.host ?? '', r.metadata.namespace ?? 'default')),
  );

  return {
    app: ctx.app,
    namespace,
    mode: detected.mode,
    now: ctx.now,
    kubectl: ctx.kubectl,
    service,
    services: objects.services,
    meshServices: objects.meshServices,
    serviceEntries: objects.serviceEntries,
    virtualServices,
    split,
    rules,
    gateways: objects.gateways,
    stable,
    canary,
    pods: objects.pods,
    deployments: objects.deployments,
    hpas: objects.hpas,
    namespaceObject: objects.namespaceObject,
    controller,
    metrics: metrics.metrics,
    metricsWhy: metrics.why,
    metricsFailed: metrics.failed,
    windowSeconds: ctx.windowSeconds,
    settings: settingsFor(annotated, flaggerCanary),
    istioVersion: ctx.istioVersion,
  };
}

/** Does the split route apply to mesh traffic (for the reply's "ingress follows split" line). */
export const splitAppliesToMesh = (input: CanaryInput) =>
  input.split ? appliesToMesh(input.split.vs) : false;
