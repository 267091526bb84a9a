import type { PeerAuthentication } from '../../schemas/istio.ts';
import { type MtlsMode, readMode } from './mtls-mode.ts';
import type { PoliciesInEffect } from './peer-authentications-in-effect.ts';

/** Where an effective mode came from: the scope and policy that set it, or Istio's default. */
export type ModeSource = { scope: 'mesh' | 'namespace' | 'workload' | 'port'; policy: PeerAuthentication };

export type ServerMode = {
  /** The workload's effective mode on the port: mesh → namespace → workload → port level. */
  mode: MtlsMode;
  source: ModeSource | undefined;
  /** Mesh → namespace only: what a client's auto-mTLS follows (it never sees workload policies). */
  namespaceMode: MtlsMode;
  namespaceSource: ModeSource | undefined;
};

/**
 * A workload's effective mTLS mode on one target port (istiod's ComposePeerAuthentication): start
 * PERMISSIVE; each scope that sets a mode (not UNSET) overrides the one above; the workload policy's
 * `portLevelMtls` entry for the target port overrides that, UNSET inheriting the workload result.
 * `targetPort` undefined (a named port no pod declares) skips the port level.
 */
export function serverMode(policies: PoliciesInEffect, targetPort: number | undefined): ServerMode {
  let mode: MtlsMode = 'PERMISSIVE';
  let source: ModeSource | undefined;
  const apply = (
    scope: ModeSource['scope'],
    policy: PeerAuthentication | undefined,
    value: string | null | undefined,
  ) => {
    const read = readMode(value);
    if (!policy || read === 'inherit' || read === 'invalid') return;
    mode = read;
    source = { scope, policy };
  };
  apply('mesh', policies.mesh?.used, policies.mesh?.used.spec.mtls?.mode);
  apply('namespace', policies.namespace?.used, policies.namespace?.used.spec.mtls?.mode);
  const namespaceMode = mode;
  const namespaceSource = source;
  const workload = policies.workload?.used;
  apply('workload', workload, workload?.spec.mtls?.mode);
  if (workload && targetPort !== undefined)
    apply('port', workload, workload.spec.portLevelMtls?.[String(targetPort)]?.mode);
  return { mode, source, namespaceMode, namespaceSource };
}
