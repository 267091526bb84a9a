import type { CauseSpec } from '../../../core/check.ts';
import { conflictCheck } from '../conflict-check.ts';
import { ruleRef, serviceRef, where, whoSends } from '../tls-finding.ts';
import { patchRule } from '../tls-fixes.ts';

export const strictServerSimpleTlsClientCause = {
  code: 'MESH0202',
  cause: 'strict-server-simple-tls-client',
  title: 'Clients originate their own TLS to a STRICT port',
  severities: ['error', 'pass'],
} as const satisfies CauseSpec;

// §3.4: DestinationRule SIMPLE or MUTUAL: TLS without Istio's client certificate and ALPN; the
// STRICT server's filter chains want Istio mTLS, the handshake fails (503, reset).
export const strictServerSimpleTlsClient = conflictCheck({
  id: 'tls.strict-server-simple-tls-client',
  title: 'No client originates its own TLS to a STRICT port',
  needs: ['services', 'servicePods', 'peerAuthentications', 'meshDestinationRules', 'meshConfig'],
  spec: strictServerSimpleTlsClientCause,
  none: 'No client originates SIMPLE or MUTUAL TLS to a STRICT port.',
  finding({ first, firstEndpoint }, { kubectl }) {
    const rule = first.rule?.rule;
    return {
      subject: rule ? ruleRef(rule) : serviceRef(first),
      message: `${where(first)} is STRICT but ${whoSends(first, 'originate')} their own TLS (${firstEndpoint.because}): the sidecar expects Istio mTLS, the handshake fails and callers see 503 or resets.`,
      ...(rule && first.tls.path
        ? {
            fix: {
              text: 'The server has a sidecar: let the sidecars do TLS (ISTIO_MUTUAL) and have the application speak plaintext to it.',
              command: patchRule(kubectl, rule, {
                op: 'add',
                path: `${first.tls.path}/mode`,
                value: 'ISTIO_MUTUAL',
              }),
            },
          }
        : {}),
    };
  },
});
