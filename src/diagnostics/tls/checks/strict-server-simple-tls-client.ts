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

export const strictServerSimpleTlsClientCause: CauseSpec = {
  code: 'MESH0202',
  cause: 'strict-server-simple-tls-client',
  title: 'Clients originate their own TLS to a STRICT port',
  severities: ['error', 'pass'],
};

// §3.4: DestinationRule SIMPLE or MUTUAL: TLS without Istio's client certificate and ALPN; the
// STRICT server's filter chains want Istio mTLS, the handshake fails (503, reset).
export const strictServerSimpleTlsClient: TlsCheck = {
  id: 'tls.strict-server-simple-tls-client',
  area: 'tls',
  title: 'No client originates its own TLS to a STRICT port',
  needs: ['services', 'servicePods', 'peerAuthentications', 'meshDestinationRules', 'meshConfig'],
  emits: [strictServerSimpleTlsClientCause],
  run({ rows, kubectl }) {
    const groups = conflictGroups(rows, 'strict-server-simple-tls-client');
    if (groups.length === 0 && rows[0])
      return [
        ruledOut(
          strictServerSimpleTlsClientCause,
          serviceRef(rows[0]),
          'No client originates SIMPLE or MUTUAL TLS to a STRICT port.',
        ),
      ];
    return groups.map((g) => {
      const { first } = g;
      const rule = first.rule?.rule;
      return tlsFinding(strictServerSimpleTlsClientCause, {
        severity: 'error',
        subject: rule ? ruleRef(rule) : serviceRef(first),
        message: `${where(first)} is STRICT but ${whoSends(first, 'originate')} their own TLS (${g.firstEndpoint.because}): the sidecar expects Istio mTLS, the handshake fails and callers see 503 or resets.`,
        facts: conflictFacts(g),
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
      });
    });
  },
};
