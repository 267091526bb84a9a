import type { CauseSpec } from '../../../core/check.ts';
import { conflictCheck } from '../conflict-check.ts';
import { ruleRef, serviceRef, where, whoSends } from '../tls-finding.ts';
import { patchRule } from '../tls-fixes.ts';

export const mtlsClientDisabledServerCause = {
  code: 'MESH0203',
  cause: 'mtls-client-disabled-server',
  title: 'Clients send Istio mTLS to a port whose policy is DISABLE',
  severities: ['error', 'pass'],
} as const satisfies CauseSpec;

// §3.4: an explicit ISTIO_MUTUAL meets a DISABLE server: mTLS reaches plaintext-only filter chains
// (503, reset). Auto-mTLS would have followed the server's DISABLE.
export const mtlsClientDisabledServer = conflictCheck({
  id: 'tls.mtls-client-disabled-server',
  title: 'No client sends Istio mTLS to a DISABLE port',
  needs: ['services', 'servicePods', 'peerAuthentications', 'meshDestinationRules', 'meshConfig'],
  spec: mtlsClientDisabledServerCause,
  none: 'No client sends Istio mTLS to a port whose policy is DISABLE.',
  finding({ first, firstEndpoint }, { kubectl }) {
    const rule = first.rule?.rule;
    return {
      subject: rule ? ruleRef(rule) : serviceRef(first),
      message: `${where(first)} has mTLS DISABLE but ${whoSends(first, 'send')} Istio mTLS (${firstEndpoint.because}): the handshake meets plaintext-only filter chains, callers see 503 or resets.`,
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
    };
  },
});
