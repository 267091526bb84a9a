import type { CauseSpec } from '../../../../core/check.ts';
import type { Fact, Finding } from '../../../../core/finding.ts';
import { findSidecar } from '../../../../kube/find-sidecar.ts';
import type { Namespace, Pod } from '../../../../schemas/kube.ts';
import { canaryFinding, canaryPass, refOf } from '../../canary-finding.ts';
import type { CanaryCheck, CanaryInput, CanaryVersion } from '../../canary-input.ts';
import { argoOf } from '../controller/controller-state.ts';
import { versionRef } from './pod-trouble.ts';

export const noSidecarCause: CauseSpec = {
  code: 'MESH0423',
  cause: 'no-sidecar',
  title: 'P03 · Canary or stable pods without a sidecar',
  severities: ['warning', 'pass'],
};

/** What visibly turned injection off for this pod (IST0103/IST0102), or undefined. */
export function injectionOff(pod: Pod, ns: Namespace | undefined): string | undefined {
  const label = pod.metadata.labels['sidecar.istio.io/inject'];
  if (label === 'false') return 'the pod label sidecar.istio.io/inject=false';
  const annotation = pod.metadata.annotations['sidecar.istio.io/inject'];
  if (annotation === 'false') return 'the pod annotation sidecar.istio.io/inject: "false"';
  if (pod.spec.hostNetwork) return 'hostNetwork: true (Istio never injects such pods)';
  if (!ns) return undefined;
  const nsLabels = ns.metadata.labels;
  if (nsLabels['istio-injection'] === 'disabled') {
    return `the namespace label istio-injection=disabled on ${ns.metadata.name}`;
  }
  const podAsks = label === 'true' || pod.metadata.labels['istio.io/rev'] !== undefined;
  if (!podAsks && nsLabels['istio-injection'] !== 'enabled' && nsLabels['istio.io/rev'] === undefined) {
    return `namespace ${ns.metadata.name} has neither istio-injection=enabled nor an istio.io/rev label`;
  }
  return undefined;
}

// Without a sidecar the version is outside the mesh: VirtualService weights still reach it from
// callers' proxies, but mTLS STRICT refuses nothing it sends, reporter=destination metrics (what
// Flagger queries) are empty, and callers see UF/URX under STRICT mTLS (canary.md F8).
export const noSidecar: CanaryCheck = {
  id: 'canary.no-sidecar',
  area: 'canary',
  title: 'The canary and stable pods have sidecars',
  needs: ['namespacePods', 'namespace', 'argoRollouts'],
  emits: [noSidecarCause],
  run(input) {
    const versions = [input.canary, input.stable].filter((v) => v !== undefined);
    const all = versions.flatMap((v) => v.pods);
    if (all.length === 0) return [];
    const findings = versions.flatMap((v) => missing(input, v));
    if (findings.length > 0) return findings;
    const [first] = versions;
    return first
      ? [
          canaryPass(
            noSidecarCause,
            versionRef(input, first),
            `All ${all.length} pods of both versions have an istio-proxy sidecar.`,
          ),
        ]
      : [];
  },
};

function missing(input: CanaryInput, v: CanaryVersion): Finding[] {
  const bare = v.pods.filter((p) => findSidecar(p) === undefined);
  if (bare.length === 0) return [];
  const ns = input.namespace;
  const reasons = bare.map((p) => ({ pod: p, why: injectionOff(p, input.namespaceObject) }));
  const why = reasons.find((r) => r.why)?.why;
  const facts: Fact[] = reasons.slice(0, 5).map((r) => ({
    label: 'pod without sidecar',
    value: `${r.pod.metadata.name}${r.why ? `: ${r.why}` : ''}`,
    source: refOf('Pod', r.pod),
  }));
  facts.unshift({ label: 'pods without sidecar', value: `${bare.length}/${v.pods.length}` });
  const argo = argoOf(input);
  const restart = argo
    ? `${input.kubectl} argo rollouts restart ${argo.rollout.metadata.name} -n ${ns}`
    : v.workload?.kind === 'Deployment'
      ? `${input.kubectl} rollout restart deployment/${v.workload.object.metadata.name} -n ${ns}`
      : `${input.kubectl} delete pod ${bare[0]?.metadata.name ?? ''} -n ${ns}`;
  const nsOff = why?.startsWith('namespace') || why?.startsWith('the namespace');
  return [
    canaryFinding(noSidecarCause, {
      severity: 'warning',
      subject: versionRef(input, v),
      message: `${bare.length} of ${v.pods.length} ${v.role} pods (${v.name}) have no istio-proxy sidecar${why ? `: injection is off by ${why}` : ''}. They are outside the mesh: no reporter=destination metrics (Flagger's queries return nothing), no mTLS, and callers may get UF/URX failures.`,
      facts,
      fix: nsOff
        ? {
            text: `Enable injection for the namespace, then restart the pods (${restart}):`,
            command: `${input.kubectl} label namespace ${ns} istio-injection=enabled --overwrite`,
          }
        : {
            text: why
              ? `Remove what turns injection off (${why}) from the pod template, then restart the pods:`
              : `Find why the pods were not injected (meshdoc why-not-injected ${bare[0]?.metadata.name ?? ''} -n ${ns}), then restart them:`,
            command: restart,
          },
    }),
  ];
}
