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
import { applyMtlsRule, patchRule } from '../tls-fixes.ts';
import type { TlsCheck } from '../tls-input.ts';

export const strictServerPlaintextClientCause: CauseSpec = {
  code: 'MESH0201',
  cause: 'strict-server-plaintext-client',
  title: 'Clients send plaintext to a STRICT port',
  severities: ['error', 'pass'],
};

// §3.4: a DestinationRule DISABLE (or a `tls` without a mode), auto-mTLS off, or a headless service
// with a pod lacking a sidecar: the client sends plaintext, the STRICT server has only TLS filter
// chains, the connection is reset (503 UF/URX, "upstream connect error or disconnect/reset before headers").
export const strictServerPlaintextClient: TlsCheck = {
  id: 'tls.strict-server-plaintext-client',
  area: 'tls',
  title: 'No client sends plaintext to a STRICT port',
  needs: ['services', 'servicePods', 'peerAuthentications', 'meshDestinationRules', 'meshConfig'],
  emits: [strictServerPlaintextClientCause],
  run({ rows, kubectl }) {
    const groups = conflictGroups(rows, 'strict-server-plaintext-client');
    if (groups.length === 0 && rows[0])
      return [
        ruledOut(
          strictServerPlaintextClientCause,
          serviceRef(rows[0]),
          'No client sends plaintext to a STRICT port.',
        ),
      ];
    return groups.map((g) => {
      const { first, firstEndpoint } = g;
      const explicit = first.rule && first.tls.path ? first.rule : undefined;
      return tlsFinding(strictServerPlaintextClientCause, {
        severity: 'error',
        subject: explicit ? ruleRef(explicit.rule) : serviceRef(first),
        message: `${where(first)} is STRICT but ${whoSends(first, 'send')} plaintext (${firstEndpoint.because}): the server resets the connection, and callers see HTTP 503 "upstream connect error or disconnect/reset before headers" (response flags UF, URX).`,
        facts: conflictFacts(g),
        fix:
          explicit && first.tls.path
            ? {
                text: `Remove the DestinationRule's tls setting for this port${first.autoMtls ? ' (auto-mTLS then sends Istio mTLS to sidecar pods)' : ''}, or set it to ISTIO_MUTUAL.`,
                command: first.autoMtls
                  ? patchRule(kubectl, explicit.rule, { op: 'remove', path: first.tls.path })
                  : patchRule(kubectl, explicit.rule, {
                      op: 'add',
                      path: `${first.tls.path}/mode`,
                      value: 'ISTIO_MUTUAL',
                    }),
              }
            : first.headless
              ? {
                  text: 'A headless service gets mTLS from auto-mTLS only when every pod behind it has a sidecar: inject the pods without one, or send Istio mTLS explicitly.',
                  command: applyMtlsRule(
                    kubectl,
                    first.service.metadata.name,
                    first.service.metadata.namespace ?? 'default',
                    first.host,
                    first.port,
                  ),
                }
              : {
                  text: 'Auto-mTLS is off: send Istio mTLS to this port with a DestinationRule (or turn enableAutoMtls on in the mesh config).',
                  command: applyMtlsRule(
                    kubectl,
                    first.service.metadata.name,
                    first.service.metadata.namespace ?? 'default',
                    first.host,
                    first.port,
                  ),
                },
      });
    });
  },
};
