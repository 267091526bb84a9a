import type { CauseSpec } from '../../../core/check.ts';
import { ruledOut, ruleRef, serviceRef, tlsFinding } from '../tls-finding.ts';
import type { TlsCheck } from '../tls-input.ts';

export const tlsWithoutCaCertificatesCause: CauseSpec = {
  code: 'MESH0211',
  cause: 'tls-without-ca-certificates',
  title: 'A DestinationRule originates TLS without caCertificates',
  severities: ['info', 'pass'],
};

// IST0128 (rule level) / IST0129 (port level): SIMPLE or MUTUAL without caCertificates. Since
// Istio 1.28 an empty caCertificates means the system trust store (cluster_tls.go), so this is
// context, not an error: the server is verified against public CAs, never a private one.
export const tlsWithoutCaCertificates: TlsCheck = {
  id: 'tls.tls-without-ca-certificates',
  area: 'tls',
  title: 'Originated TLS names the CA that verifies the server',
  needs: ['meshDestinationRules'],
  emits: [tlsWithoutCaCertificatesCause],
  run({ unverified, rows }) {
    if (unverified.length === 0)
      return rows[0]
        ? [
            ruledOut(
              tlsWithoutCaCertificatesCause,
              serviceRef(rows[0]),
              'Every SIMPLE or MUTUAL TLS in the rules read names its caCertificates.',
            ),
          ]
        : [];
    return unverified.map((u) =>
      tlsFinding(tlsWithoutCaCertificatesCause, {
        severity: 'info',
        subject: ruleRef(u.rule),
        message: `${u.path} originates ${u.mode} TLS without caCertificates (istioctl analyze ${u.portLevel ? 'IST0129' : 'IST0128'}): the server certificate is checked against the system trust store only, so a private CA's certificate fails verification.`,
        fix: {
          text: 'Set caCertificates (a CA bundle path in the proxy) or credentialName (a Secret) when the server uses a private CA.',
        },
      }),
    );
  },
};
