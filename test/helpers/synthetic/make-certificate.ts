import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { bits, bool, explicit, octets, oid, seq, set, time, tlv, uint, utf8 } from './der.ts';

export type CertificateSpec = {
  notBefore: Date;
  notAfter: Date;
  isCA: boolean;
  /** `spiffe://…` SAN, as Istio puts in workload certificates. */
  uri?: string;
  organization?: string;
  serial?: Buffer;
  /** Signer; self-signed when absent. */
  issuer?: { key: KeyObject; organization: string };
};
export type Certificate = { pem: string; key: KeyObject; keyPem: string };

const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));

/**
 * A real ECDSA P-256 X.509 v3 certificate (parsable by OpenSSL and Go) built by hand, because Node
 * can parse certificates but not create them and fixtures must not depend on an openssl binary.
 */
export function makeCertificate(spec: CertificateSpec): Certificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const org = spec.organization ?? 'cluster.local';
  const name = (o: string) => seq(set(seq(oid('2.5.4.10'), utf8(o))));
  const extension = (id: string, critical: boolean, value: Buffer) =>
    seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
  const extensions = [
    extension('2.5.29.15', true, spec.isCA ? bits(Buffer.from([0x06]), 1) : bits(Buffer.from([0xa0]), 5)),
    extension('2.5.29.19', true, spec.isCA ? seq(bool(true)) : seq()),
    ...(spec.uri ? [extension('2.5.29.17', true, seq(tlv(0x86, Buffer.from(spec.uri))))] : []),
  ];
  const serial = spec.serial ?? randomBytes(16);
  const tbs = seq(
    explicit(0, uint(Buffer.from([2]))),
    uint(serial),
    ecdsaWithSha256,
    name(spec.issuer?.organization ?? org),
    seq(time(spec.notBefore), time(spec.notAfter)),
    spec.uri && !spec.isCA ? seq() : name(org),
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, spec.issuer?.key ?? privateKey);
  const der = seq(tbs, ecdsaWithSha256, bits(signature));
  return {
    pem: toPem('CERTIFICATE', der),
    key: privateKey,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

export function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
