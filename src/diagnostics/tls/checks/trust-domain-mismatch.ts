import type { CauseSpec } from '../../../core/check.ts';
import { tlsFinding } from '../tls-finding.ts';
import type { TlsCheck } from '../tls-input.ts';

export const trustDomainMismatchCause: CauseSpec = {
  code: 'MESH0212',
  cause: 'trust-domain-mismatch',
  title: "The workload certificate's trust domain is not the mesh's",
  severities: ['error', 'pass'],
};

// Peers check each other's SPIFFE identity (spiffe://<trust domain>/ns/<ns>/sa/<sa>) against the
// mesh's trust domain (and its aliases): a certificate from another trust domain fails
// authorization, typically after a trust domain change or with a CA set up for another mesh.
export const trustDomainMismatch: TlsCheck = {
  id: 'tls.trust-domain-mismatch',
  area: 'tls',
  title: "The workload certificate is in the mesh's trust domain",
  needs: ['meshConfig'],
  emits: [trustDomainMismatchCause],
  run({ certificates, mesh }) {
    if (!certificates) return [];
    const workload = certificates.items.find((i) => i.name === 'default' && i.cert);
    const domain = workload?.cert?.trustDomain;
    if (!workload || !domain) return [];
    if (domain === mesh.trustDomain)
      return [
        tlsFinding(trustDomainMismatchCause, {
          severity: 'pass',
          subject: certificates.subject,
          message: `The workload certificate is in the mesh's trust domain (${domain}).`,
        }),
      ];
    return [
      tlsFinding(trustDomainMismatchCause, {
        severity: 'error',
        subject: certificates.subject,
        message: `The workload certificate's trust domain is ${domain}, the mesh's is ${mesh.trustDomain}${mesh.assumedDefaults ? ' (assumed: the mesh config was not read)' : ''}: peers that check identities refuse it.`,
        facts: [
          { label: 'certificate trust domain', value: domain },
          {
            label: 'mesh trustDomain',
            value: mesh.trustDomain,
            source: { kind: 'ConfigMap', namespace: mesh.source.namespace, name: mesh.source.name },
          },
        ],
        fix: {
          text: 'Issue workload certificates from a CA for this trust domain (the cacerts secret in istio-system), or add the other domain to trustDomainAliases in the mesh config while migrating.',
        },
      }),
    ];
  },
};
