import type { EvidenceKind, Need } from '../../core/evidence.ts';
import { compareFindings, type Finding } from '../../core/finding.ts';
import type { GatherNote } from '../../core/report.ts';
import type { EvidenceBundle } from '../../evidence/evidence-bundle.ts';
import { defaultMeshSettings } from '../../schemas/mesh-config.ts';
import { certificateFindings } from '../proxy/certificate-findings.ts';
import { prepareTlsInput } from './prepare-tls-input.ts';
import { tlsChecks } from './tls-checks.ts';
import type { TlsCertificates, TlsInput } from './tls-input.ts';
import type { TlsScene } from './tls-rows.ts';

export type TlsVerdict = 'ok' | 'conflict' | 'unknown';

export type TlsDecision = {
  verdict: TlsVerdict;
  input: TlsInput | undefined;
  findings: Finding[];
  notes: GatherNote[];
  /** Why the verdict is unknown, when it is. */
  unknownWhy?: string;
};

/** Kinds without which no row can be judged: their absence makes the verdict unknown. */
const essential: readonly EvidenceKind[] = [
  'services',
  'servicePods',
  'peerAuthentications',
  'meshPeerAuthentications',
  'meshDestinationRules',
];

/**
 * What tls-check gathers: the union of the TLS checks' needs, plus the client pod for `--to` and
 * the target pod. PeerAuthentications and DestinationRules are optional: offline, files that hold
 * none mean "none in the cluster" (with a note); a cluster without Istio's CRDs has none either.
 */
export function tlsNeeds(withPod: boolean): Need[] {
  const kinds = new Set<EvidenceKind>(tlsChecks.flatMap((c) => c.needs));
  kinds.add('servicePods');
  if (withPod) kinds.add('pod');
  const optional = new Set<EvidenceKind>([
    'peerAuthentications',
    'meshPeerAuthentications',
    'meshDestinationRules',
    'meshConfig',
  ]);
  return [...kinds].sort().map((kind) => ({ kind, presence: optional.has(kind) ? 'optional' : 'required' }));
}

/** Runs every TLS check over the scene built from the bundle and decides the verdict. */
export function decideTls(
  bundle: EvidenceBundle,
  scene: Omit<TlsScene, 'mesh' | 'rootPolicies' | 'namespacePolicies' | 'rules' | 'servicePods'>,
  kubectl: string,
  certificates?: TlsCertificates,
): TlsDecision {
  const { values, missing, assumed } = bundle;
  const notes: GatherNote[] = [];
  for (const [kind, why] of Object.entries(missing)) notes.push({ evidence: kind, message: why.message });
  for (const [kind, why] of Object.entries(assumed)) notes.push({ evidence: kind, message: why });
  const mesh = values.meshConfig ?? defaultMeshSettings();
  if (mesh.assumedDefaults && !missing.meshConfig)
    notes.push({
      evidence: 'meshConfig',
      message: `ConfigMap ${mesh.source.namespace}/${mesh.source.name} not found: assumed Istio's defaults (root namespace istio-system, auto-mTLS on).`,
    });
  else if (missing.meshConfig)
    notes.push({
      evidence: 'meshConfig',
      message: "assumed Istio's defaults (root namespace istio-system, auto-mTLS on).",
    });
  const lacking = essential.filter((k) => missing[k]);
  if (lacking.length > 0) {
    return {
      verdict: 'unknown',
      input: undefined,
      findings: [],
      notes,
      unknownWhy: `meshdoc could not read ${lacking.join(', ')}, without which no port can be judged.`,
    };
  }
  const input = prepareTlsInput(
    {
      ...scene,
      mesh,
      servicePods: values.servicePods ?? {},
      rootPolicies: values.meshPeerAuthentications ?? [],
      namespacePolicies: values.peerAuthentications ?? [],
      rules: values.meshDestinationRules ?? [],
    },
    kubectl,
  );
  const withCertificates = { ...input, certificates };
  const findings = [
    ...tlsChecks.flatMap((c) => c.run(withCertificates)),
    // Expired, expiring and not-yet-valid certificates: the proxy commands' own checks (MESH050x),
    // with tls-check's warning window for long-lived ones.
    ...(certificates
      ? certificateFindings(
          certificates.items,
          certificates.now,
          certificates.subject,
          certificates.warnWithinMs,
        )
      : []),
  ].sort(compareFindings);
  return {
    verdict: findings.some((f) => f.severity === 'error') ? 'conflict' : 'ok',
    input: withCertificates,
    findings,
    notes,
  };
}
