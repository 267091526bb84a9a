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

export const mtlsClientDisabledServerCause: CauseSpec = {
  code: 'MESH0203',
  cause: 'mtls-client-disabled-server',
  title: 'Clients send Istio mTLS to a port whose policy is DISABLE',
  severities: ['error', 'pass'],
};

// §3.4: an explicit ISTIO_MUTUAL meets a DISABLE server: mTLS reaches plaintext-only filter chains
// (503, reset). Auto-mTLS would have followed the server's DISABLE.
export const mtlsClientDisabledServer: TlsCheck = {
  id: 'tls.mtls-client-disabled-server',
  area: 'tls',
  title: 'No client sends Istio mTLS to a DISABLE port',
  needs: ['services', 'servicePods', 'peerAuthentications', 'meshDestinationRules', 'meshConfig'],
  emits: [mtlsClientDisabledServerCause],
  run({ rows, kubectl }) {
    const groups = conflictGroups(rows, 'mtls-client-disabled-server');
    if (groups.length === 0 && rows[0])
      return [
        ruledOut(
          mtlsClientDisabledServerCause,
          serviceRef(rows[0]),
          'No client sends Istio mTLS to a port whose policy is DISABLE.',
        ),
      ];
    return groups.map((g) => {
      const { first } = g;
      const rule = first.rule?.rule;
      return tlsFinding(mtlsClientDisabledServerCause, {
        severity: 'error',
        subject: rule ? ruleRef(rule) : serviceRef(first),
        message: `${where(first)} has mTLS DISABLE but ${whoSends(first, 'send')} Istio mTLS (${g.firstEndpoint.because}): the handshake meets plaintext-only filter chains, callers see 503 or resets.`,
        facts: conflictFacts(g),
        ...(rule && first.tls.path
          ? {
              fix: first.autoMtls
                ? {
                    text: 'Remove the explicit ISTIO_MUTUAL: auto-mTLS then follows the server (plaintext to DISABLE, mTLS elsewhere).',
                    command: patchRule(kubectl, rule, { op: 'remove', path: first.tls.path }),
                  }
                : {
                    text: 'Auto-mTLS is off: send plaintext to this port, as its policy asks.',
                    command: patchRule(kubectl, rule, {
                      op: 'add',
                      path: `${first.tls.path}/mode`,
                      value: 'DISABLE',
                    }),
                  },
            }
          : {}),
      });
    });
  },
};
