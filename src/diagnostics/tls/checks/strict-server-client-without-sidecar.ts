import type { CauseSpec } from '../../../core/check.ts';
import { conflictFacts, conflictGroups, ruledOut, serviceRef, tlsFinding, where } from '../tls-finding.ts';
import type { TlsCheck } from '../tls-input.ts';

export const strictServerClientWithoutSidecarCause: CauseSpec = {
  code: 'MESH0208',
  cause: 'strict-server-client-without-sidecar',
  title: 'A client without a sidecar calls a STRICT port',
  severities: ['error', 'pass'],
};

// §3.4 (last row): a client without a sidecar sends plaintext; a STRICT server refuses it. Only
// `--to` names a client pod, so only then is this a finding (a STRICT port refusing non-mesh
// clients is usually the intent).
export const strictServerClientWithoutSidecar: TlsCheck = {
  id: 'tls.strict-server-client-without-sidecar',
  area: 'tls',
  title: 'The client pod can reach the STRICT ports it calls',
  needs: ['services', 'servicePods', 'peerAuthentications', 'meshConfig'],
  emits: [strictServerClientWithoutSidecarCause],
  run({ rows }) {
    const groups = conflictGroups(rows, 'strict-server-client-without-sidecar');
    if (groups.length === 0 && rows[0])
      return [
        ruledOut(
          strictServerClientWithoutSidecarCause,
          serviceRef(rows[0]),
          'No client without a sidecar calls a STRICT port.',
        ),
      ];
    return groups.map((g) =>
      tlsFinding(strictServerClientWithoutSidecarCause, {
        severity: 'error',
        subject: serviceRef(g.first),
        message: `${where(g.first)} is STRICT and ${g.first.clients.join(', ')} has no sidecar: it can only send plaintext, which the server resets.`,
        facts: conflictFacts(g),
        fix: {
          text: "Inject the client (label its namespace for injection and restart it), or make the server's policy PERMISSIVE for this port if non-mesh clients must reach it. `meshdoc why-not-injected` explains a client that should have a sidecar.",
        },
      }),
    );
  },
};
