import type { CauseSpec } from '../../../core/check.ts';
import { conflictCheck } from '../conflict-check.ts';
import { policyObjectRef, serviceRef, where } from '../tls-finding.ts';
import { applyMtlsRule } from '../tls-fixes.ts';

export const workloadStrictUnderDisabledNamespaceCause = {
  code: 'MESH0204',
  cause: 'workload-strict-under-disabled-namespace',
  title: 'A workload is STRICT under a namespace or mesh policy of DISABLE',
  severities: ['error', 'pass'],
} as const satisfies CauseSpec;

// §3.4: auto-mTLS follows the namespace/mesh mode only; when that is DISABLE the client sends
// plaintext, whatever a workload-level policy says. A STRICT workload then refuses its clients.
export const workloadStrictUnderDisabledNamespace = conflictCheck({
  id: 'tls.workload-strict-under-disabled-namespace',
  title: 'No STRICT workload under a DISABLE namespace',
  needs: [
    'services',
    'servicePods',
    'peerAuthentications',
    'meshPeerAuthentications',
    'meshDestinationRules',
    'meshConfig',
  ],
  spec: workloadStrictUnderDisabledNamespaceCause,
  none: 'No STRICT workload sits under a namespace or mesh policy of DISABLE.',
  finding({ first, firstEndpoint: e }, { kubectl }) {
    const policy = e.server?.source?.policy;
    return {
      subject: policy ? policyObjectRef(policy) : serviceRef(first),
      message: `${where(first)} is STRICT at ${e.server?.source?.scope ?? 'workload'} level, but the ${e.server?.namespaceSource?.scope ?? 'namespace'} policy says DISABLE and auto-mTLS follows only that: clients send plaintext and are reset (503 UF/URX).`,
      fix: first.rule
        ? {
            text: `Send Istio mTLS explicitly to this port in DestinationRule ${first.destinationRule} (a portLevelSettings entry with tls.mode ISTIO_MUTUAL for port ${first.port}), or make the workload policy PERMISSIVE.`,
          }
        : {
            text: 'Send Istio mTLS explicitly to this port (the workload has a sidecar, so mTLS works), keeping its STRICT policy:',
            command: applyMtlsRule(
              kubectl,
              first.service.metadata.name,
              first.service.metadata.namespace ?? 'default',
              first.host,
              first.port,
            ),
          },
    };
  },
});
