import type { CauseSpec } from '../../../core/check.ts';
import { conflictCheck } from '../conflict-check.ts';
import { serviceRef, where } from '../tls-finding.ts';

export const strictServerClientWithoutSidecarCause = {
  code: 'MESH0208',
  cause: 'strict-server-client-without-sidecar',
  title: 'A client without a sidecar calls a STRICT port',
  severities: ['error', 'pass'],
} as const satisfies CauseSpec;

// §3.4 (last row): a client without a sidecar sends plaintext; a STRICT server refuses it. Only
// `--to` names a client pod, so only then is this a finding (a STRICT port refusing non-mesh
// clients is usually the intent).
export const strictServerClientWithoutSidecar = conflictCheck({
  id: 'tls.strict-server-client-without-sidecar',
  title: 'The client pod can reach the STRICT ports it calls',
  needs: ['services', 'servicePods', 'peerAuthentications', 'meshConfig'],
  spec: strictServerClientWithoutSidecarCause,
  none: 'No client without a sidecar calls a STRICT port.',
  finding({ first }) {
    return {
      subject: serviceRef(first),
      message: `${where(first)} is STRICT and ${first.clients.join(', ')} has no sidecar: it can only send plaintext, which the server resets.`,
      fix: {
        text: "Inject the client (label its namespace for injection and restart it), or make the server's policy PERMISSIVE for this port if non-mesh clients must reach it. `meshdoc why-not-injected` explains a client that should have a sidecar.",
      },
    };
  },
});
