import type { CauseSpec } from '../../core/check.ts';
import type { Finding, ObjectRef } from '../../core/finding.ts';
import { type FindingProducer, proxyFinding } from './proxy-finding.ts';

/** What a certificate finding reads of an SDS secret (the secrets table's items fit). */
export type CertificateItem = {
  name: string;
  cert: { type: string; serial: string; notBefore: Date; notAfter: Date; trustDomain: string } | undefined;
};

export const certificateExpiredCause: CauseSpec = {
  code: 'MESH0504',
  cause: 'certificate-expired',
  title: 'A certificate has expired',
  severities: ['error'],
};
export const certificateExpiringSoonCause: CauseSpec = {
  code: 'MESH0505',
  cause: 'certificate-expiring-soon',
  title: 'A certificate expires soon',
  severities: ['warning'],
};
export const certificateNotYetValidCause: CauseSpec = {
  code: 'MESH0506',
  cause: 'certificate-not-yet-valid',
  title: 'A certificate is not valid yet',
  severities: ['error'],
};

export const certificateFindingsProducer: FindingProducer = {
  id: 'proxy.certificates',
  area: 'proxy',
  title: "The proxy's SDS certificates are valid now and not about to expire",
  emits: [certificateExpiredCause, certificateExpiringSoonCause, certificateNotYetValidCause],
};

const day = 24 * 60 * 60 * 1000;
/** Long-lived certificates (CAs, gateway certs) are called out this long before they expire. */
export const expiryWarningMs = 7 * day;
/**
 * Istio workload certificates live 24 h and istio-agent renews them at about half their life, so
 * "expires within 7 days" is always true for them. A short-lived certificate is only a problem when
 * it is in the last quarter of its life: renewal is overdue.
 */
const overdueFraction = 0.25;

/** Expired, not-yet-valid and soon-to-expire certificates, relative to `now`. */
export function certificateFindings(
  items: readonly CertificateItem[],
  now: Date,
  subject: ObjectRef,
  /** How long before expiry a long-lived certificate is called out (default 7 days; tls-check: --cert-warning). */
  warnWithinMs: number = expiryWarningMs,
): Finding[] {
  const findings: Finding[] = [];
  for (const item of items) {
    const cert = item.cert;
    if (!cert) continue;
    const left = cert.notAfter.getTime() - now.getTime();
    const lifetime = cert.notAfter.getTime() - cert.notBefore.getTime();
    const facts = [
      { label: 'secret', value: item.name },
      { label: 'type', value: cert.type },
      { label: 'serial', value: cert.serial },
      { label: 'not before', value: rfc3339(cert.notBefore) },
      { label: 'not after', value: rfc3339(cert.notAfter) },
      ...(cert.trustDomain ? [{ label: 'trust domain', value: cert.trustDomain }] : []),
    ];
    const what = `${cert.type === 'CA' ? 'CA certificate' : 'Certificate'} "${item.name}"`;
    if (left <= 0) {
      findings.push(
        proxyFinding(
          certificateExpiredCause,
          'error',
          subject,
          `${what} expired ${ago(-left)} ago (${rfc3339(cert.notAfter)}): TLS with it fails.`,
          facts,
          fixFor(item, cert.type),
        ),
      );
    } else if (cert.notBefore.getTime() > now.getTime()) {
      findings.push(
        proxyFinding(
          certificateNotYetValidCause,
          'error',
          subject,
          `${what} is not valid until ${rfc3339(cert.notBefore)}: peers reject it. Is a clock wrong?`,
          facts,
          {
            text: "Compare the node's clock with the CA's (NTP); istiod signs certificates starting at its own time.",
          },
        ),
      );
    } else if (lifetime > warnWithinMs ? left < warnWithinMs : left < lifetime * overdueFraction) {
      const overdue = lifetime <= warnWithinMs ? ' and is overdue for rotation' : '';
      findings.push(
        proxyFinding(
          certificateExpiringSoonCause,
          'warning',
          subject,
          `${what} expires in ${ago(left)} (${rfc3339(cert.notAfter)})${overdue}.`,
          facts,
          fixFor(item, cert.type),
        ),
      );
    }
  }
  return findings;
}

function fixFor(item: CertificateItem, type: string): Finding['fix'] {
  if (item.name === 'default') {
    return {
      text: 'istio-agent renews the workload certificate from istiod: check the istio-proxy logs for CSR errors and that istiod is reachable.',
    };
  }
  if (item.name === 'ROOTCA' || type === 'CA') {
    return {
      text: 'Rotate the mesh root or intermediate CA (the cacerts secret in istio-system) before it expires, then restart workloads.',
    };
  }
  if (item.name.startsWith('kubernetes://')) {
    return {
      text: `Renew the TLS secret ${item.name.slice('kubernetes://'.length)} that the Gateway's credentialName points to.`,
    };
  }
  return undefined;
}

/** "3 days", "5 hours", "12 minutes": the largest whole unit. */
export function ago(ms: number): string {
  const units: [number, string][] = [
    [day, 'day'],
    [60 * 60 * 1000, 'hour'],
    [60 * 1000, 'minute'],
  ];
  for (const [size, name] of units) {
    const n = Math.floor(ms / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? '' : 's'}`;
  }
  return 'less than a minute';
}

/** Go's time.RFC3339 for whole-second UTC times (as istioctl prints certificate dates). */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
