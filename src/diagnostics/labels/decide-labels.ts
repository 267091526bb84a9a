import type { EvidenceKind, Need } from '../../core/evidence.ts';
import { compareFindings, type Finding } from '../../core/finding.ts';
import type { GatherNote } from '../../core/report.ts';
import type { EvidenceBundle } from '../../evidence/evidence-bundle.ts';
import { serviceSelects } from '../../kube/service-selects.ts';
import type { Pod, Service } from '../../schemas/kube.ts';
import { resolveHost } from './host-resolution.ts';
import { labelsChecks } from './labels-checks.ts';
import type { LabelsInput } from './labels-input.ts';
import { typoMisses } from './near-miss.ts';

export type LabelsVerdict = 'ok' | 'mismatch' | 'unknown';
export type LabelsDecision = {
  verdict: LabelsVerdict;
  input: LabelsInput | undefined;
  findings: Finding[];
  notes: GatherNote[];
  unknownWhy?: string;
};

const optional = new Set<EvidenceKind>([
  'meshDestinationRules',
  'meshVirtualServices',
  'serviceEntries',
  'namespaceDeployments',
]);

/** The union of the labels checks' needs; Istio's objects optional (none offline means none). */
export function labelsNeeds(): Need[] {
  const kinds = new Set<EvidenceKind>(labelsChecks.flatMap((c) => c.needs));
  return [...kinds].sort().map((kind) => ({ kind, presence: optional.has(kind) ? 'optional' : 'required' }));
}

/** The app's pods: labelled `app` (or app.kubernetes.io/name) = name. */
export function podsOfApp(pods: readonly Pod[], app: string): Pod[] {
  return pods.filter(
    (p) => p.metadata.labels.app === app || p.metadata.labels['app.kubernetes.io/name'] === app,
  );
}

/**
 * The app's Services: selecting on its name, selecting its pods, or selecting no pod at all while
 * missing the app's pods by one label (the typo `labels` is there to find).
 */
export function servicesOfApp(
  services: readonly Service[],
  appPods: readonly Pod[],
  app: string,
  pods: readonly Pod[] = appPods,
): Service[] {
  return services.filter((s) => {
    const sel = s.spec.selector ?? {};
    if (sel.app === app || sel['app.kubernetes.io/name'] === app || appPods.some((p) => serviceSelects(s, p)))
      return true;
    return (
      Object.keys(sel).length > 0 &&
      !pods.some((p) => serviceSelects(s, p)) &&
      typoMisses(sel, appPods).length > 0
    );
  });
}

/** Runs every labels check over what the bundle holds for the app (or Service) and decides. */
export function decideLabels(
  bundle: EvidenceBundle,
  target: LabelsInput['target'],
  namespace: string,
  services: readonly Service[],
  kubectl: string,
): LabelsDecision {
  const { values, missing, assumed } = bundle;
  const notes: GatherNote[] = [
    ...Object.entries(missing).map(([evidence, m]) => ({ evidence, message: m.message })),
    ...Object.entries(assumed).map(([evidence, message]) => ({ evidence, message })),
  ];
  const lacking = (['services', 'meshServices'] as const).filter((k) => missing[k]);
  if (lacking.length > 0)
    return {
      verdict: 'unknown',
      input: undefined,
      findings: [],
      notes,
      unknownWhy: `meshdoc could not read ${lacking.join(', ')}.`,
    };
  const pods = values.namespacePods ?? [];
  const appPods =
    target.kind === 'app'
      ? [
          ...new Set([
            ...podsOfApp(pods, target.name),
            ...pods.filter((p) => services.some((s) => serviceSelects(s, p))),
          ]),
        ]
      : pods.filter((p) => services.some((s) => serviceSelects(s, p)));
  const allServices = values.meshServices ?? [];
  const entries = values.serviceEntries ?? [];
  const ours = (host: string, ns: string) => {
    const r = resolveHost(host, ns, allServices, entries);
    return (
      r?.kind === 'service' &&
      services.some(
        (s) =>
          s.metadata.name === r.service.metadata.name &&
          s.metadata.namespace === r.service.metadata.namespace,
      )
    );
  };
  // The app's rules and routes, and those of the namespace whose host resolves to nothing (likely
  // meant for it: a short name or FQDN gone wrong).
  const nowhere = (host: string, ns: string) => !resolveHost(host, ns, allServices, entries);
  const rules = (values.meshDestinationRules ?? []).filter((r) => {
    const ns = r.metadata.namespace ?? 'default';
    return ours(r.spec.host ?? '', ns) || (ns === namespace && nowhere(r.spec.host ?? '', ns));
  });
  const virtualServices = (values.meshVirtualServices ?? []).filter((vs) => {
    const ns = vs.metadata.namespace ?? 'default';
    const hosts = [...(vs.spec.http ?? []), ...(vs.spec.tcp ?? []), ...(vs.spec.tls ?? [])].flatMap((route) =>
      (route.route ?? []).flatMap((d) => (d.destination ? [d.destination.host] : [])),
    );
    return hosts.some((h) => ours(h, ns)) || (ns === namespace && hosts.some((h) => nowhere(h, ns)));
  });
  const input: LabelsInput = {
    namespace,
    target,
    services,
    appPods,
    pods,
    deployments: values.namespaceDeployments ?? [],
    rules,
    virtualServices,
    allServices,
    serviceEntries: entries,
    kubectl,
  };
  // Without the pods (not in the --from files, or unreadable) the checks that read them do not run:
  // "selects nothing" would be a guess. The others (hosts, subsets defined, port names) still answer.
  const noPods = missing.namespacePods !== undefined;
  if (noPods)
    notes.push({
      evidence: 'namespacePods',
      message:
        'Without the pods, what selects what was not checked (Services and subsets selecting nothing, app and version labels, overlapping Services).',
    });
  const findings = labelsChecks
    .filter((c) => !(noPods && c.needs.includes('namespacePods')))
    .flatMap((c) => c.run(input))
    .sort(compareFindings);
  return {
    verdict: findings.some((f) => f.severity === 'error') ? 'mismatch' : 'ok',
    input,
    findings,
    notes,
  };
}
