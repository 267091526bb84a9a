import type { SecretsView } from '../envoy/read-sections.ts';
import type { DataSource } from '../schemas/envoy/common-schema.ts';
import { type DynamicSecret, spiffeValidatorType } from '../schemas/envoy/secret-schema.ts';
import { type CertInfo, isValidAt, parseFirstCertificate, rfc3339 } from './cert-info.ts';
import type { SummaryTable } from './summary-table.ts';

/** One row of the secrets table: a secret, or one trust domain of a SPIFFE validator. */
export type SecretItem = { name: string; state: 'WARMING' | 'ACTIVE'; cert: CertInfo | undefined };

/**
 * istioctl's secret items: warming secrets, then active ones, in dump order. (istioctl means to show
 * UNINITIALIZED for active secrets with version_info "uninitialized" but assigns to a copy, so it
 * prints ACTIVE; we print what it prints.)
 */
export function secretItems(view: SecretsView): SecretItem[] {
  return [
    ...view.warming.flatMap((s) => itemsOf(s, 'WARMING')),
    ...view.active.flatMap((s) => itemsOf(s, 'ACTIVE')),
  ];
}

function itemsOf(s: DynamicSecret, state: SecretItem['state']): SecretItem[] {
  const secret = s.secret;
  const chain = inlineBytes(secret?.tls_certificate?.certificate_chain);
  const ca = inlineBytes(secret?.validation_context?.trusted_ca);
  const data = chain || ca;
  if (data) return [{ name: s.name ?? '', state, cert: parseFirstCertificate(data) }];
  const validator = secret?.validation_context?.custom_validator_config?.typed_config;
  if (validator?.['@type'] === spiffeValidatorType) {
    // One row per federated trust domain; istioctl names them after the inner Secret.
    return (validator.trust_domains ?? []).map((td) => {
      const bundle = inlineBytes(td.trust_bundle);
      const cert = bundle ? parseFirstCertificate(bundle) : undefined;
      return {
        name: secret?.name ?? '',
        state,
        cert: cert && { ...cert, trustDomain: td.name || cert.trustDomain },
      };
    });
  }
  return [{ name: s.name ?? '', state, cert: undefined }];
}

/** `inline_bytes` is base64 in proto JSON; the PEM text is what it encodes. */
function inlineBytes(source: DataSource | undefined): string {
  return source?.inline_bytes ? Buffer.from(source.inline_bytes, 'base64').toString('latin1') : '';
}

export type SecretTableOptions = { withTypePrefix?: boolean };

/** `istioctl proxy-config secret`; VALID CERT depends on `now`, which callers pass in. */
export function secretsTable(view: SecretsView, now: Date, options: SecretTableOptions = {}): SummaryTable {
  const columns = [
    'RESOURCE NAME',
    'TYPE',
    'STATUS',
    'VALID CERT',
    'SERIAL NUMBER',
    'NOT AFTER',
    'NOT BEFORE',
  ];
  if (view.active.length === 0 && view.warming.length === 0) {
    return { columns, rows: [], padding: 5, emptyMessage: 'No active or warming secrets found.' };
  }
  const items = secretItems(view);
  // The TRUST DOMAIN column appears only when every item has one (SPIFFE federation).
  const withTrustDomain = items.every((i) => (i.cert?.trustDomain ?? '') !== '');
  if (withTrustDomain) columns.push('TRUST DOMAIN');
  const rows = items.map((item) => {
    const c = item.cert;
    const cells = [
      options.withTypePrefix ? `secret/${item.name}` : item.name,
      c?.type ?? '',
      item.state,
      String(c ? isValidAt(c, now) : false),
      c?.serial ?? '',
      c ? rfc3339(c.notAfter) : '',
      c ? rfc3339(c.notBefore) : '',
    ];
    return withTrustDomain ? [...cells, c?.trustDomain ?? ''] : cells;
  });
  return { columns, rows, padding: 5, emptyMessage: 'No secret items to show.' };
}
