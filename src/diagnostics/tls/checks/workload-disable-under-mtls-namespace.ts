import type { CauseSpec } from '../../../core/check.ts';
import type { Finding } from '../../../core/finding.ts';
import {
  conflictFacts,
  conflictGroups,
  policyObjectRef,
  ruledOut,
  serviceRef,
  tlsFinding,
  where,
} from '../tls-finding.ts';
import { patchPolicyMode } from '../tls-fixes.ts';
import type { TlsCheck } from '../tls-input.ts';

export const workloadDisableUnderMtlsNamespaceCause: CauseSpec = {
  code: 'MESH0205',
  cause: 'workload-disable-under-mtls-namespace',
  title: 'A workload or port is DISABLE under an mTLS namespace',
  severities: ['error', 'info', 'pass'],
};

// §3.3's EDS refinement: with auto-mTLS, istiod clears the mTLS marker of an endpoint whose own
// policy is DISABLE, so ordinary services cope (info: that traffic is plaintext). A headless
// service has no per-endpoint matcher: its clients send mTLS to the plaintext-only port (error).
export const workloadDisableUnderMtlsNamespace: TlsCheck = {
  id: 'tls.workload-disable-under-mtls-namespace',
  area: 'tls',
  title: 'No workload-level DISABLE breaks auto-mTLS',
  needs: [
    'services',
    'servicePods',
    'peerAuthentications',
    'meshPeerAuthentications',
    'meshDestinationRules',
    'meshConfig',
  ],
  emits: [workloadDisableUnderMtlsNamespaceCause],
  run({ rows, kubectl }) {
    const findings: Finding[] = conflictGroups(rows, 'workload-disable-under-mtls-namespace').map((g) => {
      const { first, firstEndpoint: e } = g;
      const policy = e.server?.source?.policy;
      return tlsFinding(workloadDisableUnderMtlsNamespaceCause, {
        severity: 'error',
        subject: policy ? policyObjectRef(policy) : serviceRef(first),
        message: `${where(first)} is DISABLE at ${e.server?.source?.scope ?? 'workload'} level under an mTLS namespace, and ${first.host} is headless: auto-mTLS has no per-pod check there, clients send mTLS to a plaintext-only port (503, resets).`,
        facts: conflictFacts(g),
        ...(policy && e.server?.source
          ? {
              fix: {
                text: 'Accept both on that port (PERMISSIVE) so mTLS clients and plaintext ones get through:',
                command: patchPolicyMode(
                  kubectl,
                  policy,
                  'PERMISSIVE',
                  e.server.source.scope === 'port' ? e.targetPort : undefined,
                ),
              },
            }
          : {}),
      });
    });
    // Ordinary services cope; say so once per policy, so "why is this plaintext?" is answered.
    const coping = new Map<string, Finding>();
    for (const row of rows) {
      if (row.headless || row.tls.tls || !row.autoMtls) continue;
      for (const e of row.endpoints) {
        const s = e.server;
        if (!s?.source || s.mode !== 'DISABLE' || s.namespaceMode === 'DISABLE') continue;
        if (s.source.scope !== 'workload' && s.source.scope !== 'port') continue;
        const key = `${s.source.policy.metadata.namespace}/${s.source.policy.metadata.name}`;
        if (coping.has(key)) continue;
        coping.set(
          key,
          tlsFinding(workloadDisableUnderMtlsNamespaceCause, {
            severity: 'info',
            subject: policyObjectRef(s.source.policy),
            message: `${where(row)}: pod ${e.pod} is DISABLE at ${s.source.scope} level under a ${s.namespaceMode} namespace. Auto-mTLS copes (istiod clears the pod's mTLS marker), so this traffic is plaintext, not broken.`,
          }),
        );
      }
    }
    findings.push(...coping.values());
    if (findings.length === 0 && rows[0])
      return [
        ruledOut(
          workloadDisableUnderMtlsNamespaceCause,
          serviceRef(rows[0]),
          'No workload- or port-level DISABLE under an mTLS namespace.',
        ),
      ];
    return findings;
  },
};
