import type { CauseSpec } from '../../../core/check.ts';
import {
  conflictFacts,
  conflictGroups,
  policyObjectRef,
  ruledOut,
  serviceRef,
  tlsFinding,
  where,
} from '../tls-finding.ts';
import { applyMtlsRule } from '../tls-fixes.ts';
import type { TlsCheck } from '../tls-input.ts';

export const workloadStrictUnderDisabledNamespaceCause: CauseSpec = {
  code: 'MESH0204',
  cause: 'workload-strict-under-disabled-namespace',
  title: 'A workload is STRICT under a namespace or mesh policy of DISABLE',
  severities: ['error', 'pass'],
};

// §3.4: auto-mTLS follows the namespace/mesh mode only; when that is DISABLE the client sends
// plaintext, whatever a workload-level policy says. A STRICT workload then refuses its clients.
export const workloadStrictUnderDisabledNamespace: TlsCheck = {
  id: 'tls.workload-strict-under-disabled-namespace',
  area: 'tls',
  title: 'No STRICT workload under a DISABLE namespace',
  needs: [
    'services',
    'servicePods',
    'peerAuthentications',
    'meshPeerAuthentications',
    'meshDestinationRules',
    'meshConfig',
  ],
  emits: [workloadStrictUnderDisabledNamespaceCause],
  run({ rows, kubectl }) {
    const groups = conflictGroups(rows, 'workload-strict-under-disabled-namespace');
    if (groups.length === 0 && rows[0])
      return [
        ruledOut(
          workloadStrictUnderDisabledNamespaceCause,
          serviceRef(rows[0]),
          'No STRICT workload sits under a namespace or mesh policy of DISABLE.',
        ),
      ];
    return groups.map((g) => {
      const { first, firstEndpoint: e } = g;
      const policy = e.server?.source?.policy;
      const ns = first.service.metadata.namespace ?? 'default';
      return tlsFinding(workloadStrictUnderDisabledNamespaceCause, {
        severity: 'error',
        subject: policy ? policyObjectRef(policy) : serviceRef(first),
        message: `${where(first)} is STRICT at ${e.server?.source?.scope ?? 'workload'} level, but the ${e.server?.namespaceSource?.scope ?? 'namespace'} policy says DISABLE and auto-mTLS follows only that: clients send plaintext and are reset (503 UF/URX).`,
        facts: conflictFacts(g),
        fix: first.rule
          ? {
              text: `Send Istio mTLS explicitly to this port in DestinationRule ${first.destinationRule} (a portLevelSettings entry with tls.mode ISTIO_MUTUAL for port ${first.port}), or make the workload policy PERMISSIVE.`,
            }
          : {
              text: 'Send Istio mTLS explicitly to this port (the workload has a sidecar, so mTLS works), keeping its STRICT policy:',
              command: applyMtlsRule(kubectl, first.service.metadata.name, ns, first.host, first.port),
            },
      });
    });
  },
};
