import type { DestinationRule } from '../../schemas/istio.ts';
import { tlsMode } from './client-tls.ts';
import { policyRef } from './mtls-mode.ts';
import { invalidPeerAuthentications, peerAuthenticationsInEffect } from './peer-authentications-in-effect.ts';
import type { CompetingPolicies, TlsInput, UnverifiedTls } from './tls-input.ts';
import { type TlsScene, tlsRows } from './tls-rows.ts';

/** Derives, once, what the TLS checks read: the judged rows and the policy problems around them. */
export function prepareTlsInput(scene: TlsScene, kubectl: string): TlsInput {
  const rows = tlsRows(scene);
  const { mesh } = scene;
  const policies = [...scene.rootPolicies, ...scene.namespacePolicies];
  return {
    rows,
    invalid: invalidPeerAuthentications(dedupe(policies), mesh.rootNamespace),
    competing: competingPolicies(scene),
    unverified: unverifiedTls(rows.flatMap((r) => (r.rule ? [r.rule.rule] : []))),
    mesh,
    kubectl,
  };
}

function dedupe<T extends { metadata: { name: string; namespace?: string | undefined } }>(
  objects: readonly T[],
): T[] {
  const seen = new Map<string, T>();
  for (const o of objects) seen.set(policyRef(o), o);
  return [...seen.values()];
}

/** Every scope where more than one policy applies, for the services' pods (each reported once). */
function competingPolicies(scene: TlsScene): CompetingPolicies[] {
  const found = new Map<string, CompetingPolicies>();
  const namespace = scene.services[0]?.metadata.namespace ?? 'default';
  const pods: { metadata: { labels: Record<string, string> } }[] = [
    { metadata: { labels: {} } },
    ...Object.values(scene.servicePods).flat(),
  ];
  for (const pod of pods) {
    const inEffect = peerAuthenticationsInEffect(
      scene.rootPolicies,
      scene.namespacePolicies,
      scene.mesh.rootNamespace,
      namespace,
      pod.metadata.labels,
    );
    for (const scope of ['mesh', 'namespace', 'workload'] as const) {
      const choice = inEffect[scope];
      if (!choice || choice.ignored.length === 0) continue;
      found.set(`${scope}:${policyRef(choice.used)}`, { scope, ...choice });
    }
  }
  return [...found.values()];
}

/** SIMPLE/MUTUAL `tls` without caCertificates, except with a credentialName on a workload-selected rule (as IST0128/0129). */
function unverifiedTls(rules: readonly DestinationRule[]): UnverifiedTls[] {
  const out: UnverifiedTls[] = [];
  for (const rule of dedupe(rules)) {
    const selected = Object.keys(rule.spec.workloadSelector?.matchLabels ?? {}).length > 0;
    const visit = (
      tls: NonNullable<DestinationRule['spec']['trafficPolicy']>['tls'],
      path: string,
      portLevel: boolean,
    ) => {
      if (!tls) return;
      const mode = tlsMode(tls);
      if (mode !== 'SIMPLE' && mode !== 'MUTUAL') return;
      if (tls.caCertificates || (tls.credentialName && selected)) return;
      out.push({ rule, path: `${policyRef(rule)} ${path}`, mode, portLevel });
    };
    const policy = rule.spec.trafficPolicy;
    visit(policy?.tls, 'trafficPolicy.tls', false);
    (policy?.portLevelSettings ?? []).forEach((p, i) => {
      visit(p.tls, `trafficPolicy.portLevelSettings[${i}].tls`, true);
    });
    (rule.spec.subsets ?? []).forEach((s, i) => {
      visit(s.trafficPolicy?.tls, `subsets[${i}].trafficPolicy.tls`, false);
    });
  }
  return out;
}
