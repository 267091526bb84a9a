import { competingPeerAuthentications } from './checks/competing-peer-authentications.ts';
import { invalidPeerAuthentication } from './checks/invalid-peer-authentication.ts';
import { mtlsClientDisabledServer } from './checks/mtls-client-disabled-server.ts';
import { mtlsToPodWithoutSidecar } from './checks/mtls-to-pod-without-sidecar.ts';
import { portLevelDropsTls } from './checks/port-level-drops-tls.ts';
import { strictServerClientWithoutSidecar } from './checks/strict-server-client-without-sidecar.ts';
import { strictServerPlaintextClient } from './checks/strict-server-plaintext-client.ts';
import { strictServerSimpleTlsClient } from './checks/strict-server-simple-tls-client.ts';
import { tlsWithoutCaCertificates } from './checks/tls-without-ca-certificates.ts';
import { trustDomainMismatch } from './checks/trust-domain-mismatch.ts';
import { workloadDisableUnderMtlsNamespace } from './checks/workload-disable-under-mtls-namespace.ts';
import { workloadStrictUnderDisabledNamespace } from './checks/workload-strict-under-disabled-namespace.ts';

/** The TLS checks, sorted by id (src/diagnostics/index.ts registers them with every other check). */
export const tlsChecks = [
  competingPeerAuthentications,
  invalidPeerAuthentication,
  mtlsClientDisabledServer,
  mtlsToPodWithoutSidecar,
  portLevelDropsTls,
  strictServerClientWithoutSidecar,
  strictServerPlaintextClient,
  strictServerSimpleTlsClient,
  tlsWithoutCaCertificates,
  trustDomainMismatch,
  workloadDisableUnderMtlsNamespace,
  workloadStrictUnderDisabledNamespace,
] as const;
