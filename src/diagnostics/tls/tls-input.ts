import type { Check } from '../../core/check.ts';
import type { DestinationRule } from '../../schemas/istio.ts';
import type { MeshSettings } from '../../schemas/mesh-config.ts';
import type { InvalidPolicy, ScopeChoice } from './peer-authentications-in-effect.ts';
import type { TlsRow } from './tls-rows.ts';

/** Several PeerAuthentications at one scope: istiod uses the oldest and ignores the others. */
export type CompetingPolicies = ScopeChoice & { scope: 'mesh' | 'namespace' | 'workload' };

/** A DestinationRule `tls` that originates TLS (SIMPLE/MUTUAL) without caCertificates (IST0128/IST0129). */
export type UnverifiedTls = { rule: DestinationRule; path: string; mode: string; portLevel: boolean };

/** What every TLS check reads: the judged rows and the policies around them, derived once. */
export type TlsInput = {
  rows: readonly TlsRow[];
  invalid: readonly InvalidPolicy[];
  competing: readonly CompetingPolicies[];
  unverified: readonly UnverifiedTls[];
  mesh: MeshSettings;
  /** `kubectl` plus the flags that reach the same cluster, for fix commands. */
  kubectl: string;
};

export type TlsCheck = Check<TlsInput>;
