import type { Check } from '../../core/check.ts';
import type { ObjectRef } from '../../core/finding.ts';
import type { DestinationRule } from '../../schemas/istio.ts';
import type { MeshSettings } from '../../schemas/mesh-config.ts';
import type { CertificateItem } from '../proxy/certificate-findings.ts';
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
  /** The proxy's SDS certificates (live pod or --file DUMP), when a dump was read. */
  certificates?: TlsCertificates | undefined;
};

export type TlsCertificates = {
  items: readonly CertificateItem[];
  now: Date;
  /** The pod (or dump file) the certificates were read from. */
  subject: ObjectRef;
  /** Long-lived certificates are called out this long before they expire (--cert-warning). */
  warnWithinMs: number;
};

export type TlsCheck = Check<TlsInput>;
