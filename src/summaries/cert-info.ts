import type { X509Certificate } from 'node:crypto';

/** What the secrets table shows of a certificate (istioctl's SecretMeta). */
export type CertInfo = {
  type: 'CA' | 'Cert Chain';
  /** Lowercase hex, zero-padded to at least 32 digits, as Go's `%032x` prints it. */
  serial: string;
  notBefore: Date;
  notAfter: Date;
  /** From the last `spiffe://` URI SAN, if any. */
  trustDomain: string;
};

const pemBlock = /-----BEGIN ([^-\r\n]+)-----\r?\n([\s\S]*?)-----END \1-----/;

/** Like Go's pem.Decode + x509.ParseCertificate: only the first PEM block counts, whatever it is. */
export function parseFirstCertificate(pem: string): CertInfo | undefined {
  const block = pemBlock.exec(pem);
  if (!block) return undefined;
  let cert: X509Certificate;
  try {
    // node:crypto taken when a certificate is read, not at every start (about 10 ms to load).
    const { X509Certificate } = process.getBuiltinModule('node:crypto');
    cert = new X509Certificate(Buffer.from((block[2] ?? '').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
  } catch {
    return undefined;
  }
  const spiffe = [...(cert.subjectAltName ?? '').matchAll(/URI:"?spiffe:\/\/([^/,"\s]*)/g)];
  return {
    type: cert.ca ? 'CA' : 'Cert Chain',
    serial: goSerial(cert.serialNumber),
    notBefore: cert.validFromDate,
    notAfter: cert.validToDate,
    trustDomain: spiffe[spiffe.length - 1]?.[1] ?? '',
  };
}

function goSerial(hex: string): string {
  const digits = hex.toLowerCase().replace(/^0+/, '');
  return digits.padStart(32, '0');
}

/** Go's time.RFC3339 for whole-second UTC times. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Go: `now.After(NotBefore) && now.Before(NotAfter)`. */
export function isValidAt(cert: CertInfo, now: Date): boolean {
  return now.getTime() > cert.notBefore.getTime() && now.getTime() < cert.notAfter.getTime();
}
