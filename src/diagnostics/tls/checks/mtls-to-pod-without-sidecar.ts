import type { CauseSpec } from '../../../core/check.ts';
import {
  conflictFacts,
  conflictGroups,
  ruledOut,
  ruleRef,
  serviceRef,
  tlsFinding,
  where,
  whoSends,
} from '../tls-finding.ts';
import { patchRule } from '../tls-fixes.ts';
import type { TlsCheck } from '../tls-input.ts';

export const mtlsToPodWithoutSidecarCause: CauseSpec = {
  code: 'MESH0206',
  cause: 'mtls-to-pod-without-sidecar',
  title: 'Clients send Istio mTLS to pods without a sidecar',
  severities: ['error', 'pass'],
};

// §3.4: an explicit ISTIO_MUTUAL reaches the application itself (no sidecar to terminate it): 503
// UF/URX. Auto-mTLS would have sent plaintext, the pod lacking security.istio.io/tlsMode=istio.
export const mtlsToPodWithoutSidecar: TlsCheck = {
  id: 'tls.mtls-to-pod-without-sidecar',
  area: 'tls',
  title: 'No client sends Istio mTLS to a pod without a sidecar',
  needs: ['services', 'servicePods', 'meshDestinationRules', 'meshConfig'],
  emits: [mtlsToPodWithoutSidecarCause],
  run({ rows, kubectl }) {
    const groups = conflictGroups(rows, 'mtls-to-pod-without-sidecar');
    if (groups.length === 0 && rows[0])
      return [
        ruledOut(
          mtlsToPodWithoutSidecarCause,
          serviceRef(rows[0]),
          'No client sends Istio mTLS to a pod without a sidecar.',
        ),
      ];
    return groups.map((g) => {
      const { first } = g;
      const rule = first.rule?.rule;
      return tlsFinding(mtlsToPodWithoutSidecarCause, {
        severity: 'error',
        subject: rule ? ruleRef(rule) : serviceRef(first),
        message: `${where(first)}: ${whoSends(first, 'send')} Istio mTLS (${g.firstEndpoint.because}) to pods without a sidecar; the application receives a TLS handshake it cannot answer (503 UF/URX).`,
        facts: conflictFacts(g),
        ...(rule && first.tls.path
          ? {
              fix: {
                text: first.autoMtls
                  ? 'Remove the explicit ISTIO_MUTUAL: auto-mTLS sends plaintext to pods without a sidecar and mTLS to the others. (Or inject the pods.)'
                  : 'Send plaintext to these pods (or inject them):',
                command: first.autoMtls
                  ? patchRule(kubectl, rule, { op: 'remove', path: first.tls.path })
                  : patchRule(kubectl, rule, { op: 'add', path: `${first.tls.path}/mode`, value: 'DISABLE' }),
              },
            }
          : {}),
      });
    });
  },
};
