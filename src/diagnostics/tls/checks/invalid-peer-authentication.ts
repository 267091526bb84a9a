import type { CauseSpec } from '../../../core/check.ts';
import { policyRef } from '../mtls-mode.ts';
import { policyObjectRef, ruledOut, serviceRef, tlsFinding } from '../tls-finding.ts';
import type { TlsCheck } from '../tls-input.ts';

export const invalidPeerAuthenticationCause: CauseSpec = {
  code: 'MESH0210',
  cause: 'invalid-peer-authentication',
  title: 'A PeerAuthentication Istio rejects or ignores',
  severities: ['warning', 'pass'],
};

// §3.1: port-level settings without a selector fail validation; a selector in the root namespace
// makes istiod ignore the policy; a mode outside the enum fails validation. Such objects exist when
// the validating webhook was off, or in saved files; meshdoc leaves them out of the composition.
export const invalidPeerAuthentication: TlsCheck = {
  id: 'tls.invalid-peer-authentication',
  area: 'tls',
  title: 'Every PeerAuthentication is valid',
  needs: ['peerAuthentications', 'meshPeerAuthentications', 'meshConfig'],
  emits: [invalidPeerAuthenticationCause],
  run({ invalid, rows }) {
    if (invalid.length === 0)
      return rows[0]
        ? [
            ruledOut(
              invalidPeerAuthenticationCause,
              serviceRef(rows[0]),
              'Every PeerAuthentication read is valid.',
            ),
          ]
        : [];
    return invalid.map(({ policy, why }) =>
      tlsFinding(invalidPeerAuthenticationCause, {
        severity: 'warning',
        subject: policyObjectRef(policy),
        message: `PeerAuthentication ${policyRef(policy)} is not used: ${why}.`,
        fix: { text: 'Fix or delete it; until then it has no effect, whatever it says.' },
      }),
    );
  },
};
