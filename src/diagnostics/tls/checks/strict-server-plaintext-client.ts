import type { CauseSpec } from '../../../core/check.ts';
import { conflictCheck } from '../conflict-check.ts';
import { ruleRef, serviceRef, where, whoSends } from '../tls-finding.ts';
import { applyMtlsRule, patchRule } from '../tls-fixes.ts';

export const strictServerPlaintextClientCause = {
  code: 'MESH0201',
  cause: 'strict-server-plaintext-client',
  title: 'Clients send plaintext to a STRICT port',
  severities: ['error', 'pass'],
} as const satisfies CauseSpec;

// §3.4: a DestinationRule DISABLE (or a `tls` without a mode), auto-mTLS off, or a headless service
// with a pod lacking a sidecar: the client sends plaintext, the STRICT server has only TLS filter
// chains, the connection is reset (503 UF/URX, "upstream connect error or disconnect/reset before headers").
export const strictServerPlaintextClient = conflictCheck({
  id: 'tls.strict-server-plaintext-client',
  title: 'No client sends plaintext to a STRICT port',
  needs: ['services', 'servicePods', 'peerAuthentications', 'meshDestinationRules', 'meshConfig'],
  spec: strictServerPlaintextClientCause,
  none: 'No client sends plaintext to a STRICT port.',
  finding({ first, firstEndpoint }, { kubectl }) {
    const rule = first.rule && first.tls.path ? first.rule.rule : undefined;
    const namespace = first.service.metadata.namespace ?? 'default';
    const newRule = applyMtlsRule(kubectl, first.service.metadata.name, namespace, first.host, first.port);
    return {
      subject: rule ? ruleRef(rule) : serviceRef(first),
      message: `${where(first)} is STRICT but ${whoSends(first, 'send')} plaintext (${firstEndpoint.because}): the server resets the connection, and callers see HTTP 503 "upstream connect error or disconnect/reset before headers" (response flags UF, URX).`,
      fix:
        rule && first.tls.path
          ? {
              text: `Remove the DestinationRule's tls setting for this port${first.autoMtls ? ' (auto-mTLS then sends Istio mTLS to sidecar pods)' : ''}, or set it to ISTIO_MUTUAL.`,
              command: first.autoMtls
                ? patchRule(kubectl, rule, { op: 'remove', path: first.tls.path })
                : patchRule(kubectl, rule, {
                    op: 'add',
                    path: `${first.tls.path}/mode`,
                    value: 'ISTIO_MUTUAL',
                  }),
            }
          : first.headless
            ? {
                text: 'A headless service gets mTLS from auto-mTLS only when every pod behind it has a sidecar: inject the pods without one, or send Istio mTLS explicitly.',
                command: newRule,
              }
            : {
                text: 'Auto-mTLS is off: send Istio mTLS to this port with a DestinationRule (or turn enableAutoMtls on in the mesh config).',
                command: newRule,
              },
    };
  },
});
