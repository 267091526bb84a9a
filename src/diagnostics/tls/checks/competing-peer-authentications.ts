import type { CauseSpec } from '../../../core/check.ts';
import { policyRef } from '../mtls-mode.ts';
import { policyObjectRef, ruledOut, serviceRef, tlsFinding } from '../tls-finding.ts';
import type { TlsCheck } from '../tls-input.ts';

export const competingPeerAuthenticationsCause: CauseSpec = {
  code: 'MESH0209',
  cause: 'competing-peer-authentications',
  title: 'Several PeerAuthentications compete at one scope',
  severities: ['warning', 'pass'],
};

// §3.1: at each scope (mesh, namespace, a workload) istiod uses the oldest policy and ignores the
// others, logging a warning nobody reads. Deleting an ignored policy changes nothing; editing it
// does nothing either, which is the trap.
export const competingPeerAuthentications: TlsCheck = {
  id: 'tls.competing-peer-authentications',
  area: 'tls',
  title: 'One PeerAuthentication per scope',
  needs: ['peerAuthentications', 'meshPeerAuthentications', 'meshConfig'],
  emits: [competingPeerAuthenticationsCause],
  run({ competing, rows, kubectl }) {
    if (competing.length === 0)
      return rows[0]
        ? [
            ruledOut(
              competingPeerAuthenticationsCause,
              serviceRef(rows[0]),
              'At most one PeerAuthentication applies at each scope.',
            ),
          ]
        : [];
    return competing.map((c) =>
      tlsFinding(competingPeerAuthenticationsCause, {
        severity: 'warning',
        subject: policyObjectRef(c.used),
        message: `${c.ignored.length + 1} PeerAuthentications apply at ${c.scope} scope; istiod uses the oldest, ${policyRef(c.used)}, and ignores ${c.ignored.map(policyRef).join(', ')}.`,
        facts: [c.used, ...c.ignored].map((p, i) => ({
          label: i === 0 ? 'used (oldest)' : 'ignored',
          value: `${policyRef(p)}: mode ${p.spec.mtls?.mode ?? 'UNSET'}, created ${p.metadata.creationTimestamp ?? 'unknown'}`,
          source: policyObjectRef(p),
        })),
        fix: {
          text: 'Keep one policy per scope: fold what the ignored ones say into the one in use, then delete them (they have no effect today).',
          command: c.ignored
            .map(
              (p) =>
                `${kubectl} delete peerauthentication ${p.metadata.name} -n ${p.metadata.namespace ?? 'default'}`,
            )
            .join('\n'),
        },
      }),
    );
  },
};
