import type { CauseSpec } from '../../../core/check.ts';
import { conflictCheck } from '../conflict-check.ts';
import { ruleRef, serviceRef, where, whoSends } from '../tls-finding.ts';
import { patchRule } from '../tls-fixes.ts';

export const mtlsToPodWithoutSidecarCause = {
  code: 'MESH0206',
  cause: 'mtls-to-pod-without-sidecar',
  title: 'Clients send Istio mTLS to pods without a sidecar',
  severities: ['error', 'pass'],
} as const satisfies CauseSpec;

// §3.4: an explicit ISTIO_MUTUAL reaches the application itself (no sidecar to terminate it): 503
// UF/URX. Auto-mTLS would have sent plaintext, the pod lacking security.istio.io/tlsMode=istio.
export const mtlsToPodWithoutSidecar = conflictCheck({
  id: 'tls.mtls-to-pod-without-sidecar',
  title: 'No client sends Istio mTLS to a pod without a sidecar',
  needs: ['services', 'servicePods', 'meshDestinationRules', 'meshConfig'],
  spec: mtlsToPodWithoutSidecarCause,
  none: 'No client sends Istio mTLS to a pod without a sidecar.',
  finding({ first, firstEndpoint }, { kubectl }) {
    const rule = first.rule?.rule;
    return {
      subject: rule ? ruleRef(rule) : serviceRef(first),
      message: `${where(first)}: ${whoSends(first, 'send')} Istio mTLS (${firstEndpoint.because}) to pods without a sidecar; the application receives a TLS handshake it cannot answer (503 UF/URX).`,
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
    };
  },
});
