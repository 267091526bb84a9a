import { generateKeyPairSync } from 'node:crypto';

type Json = Record<string, unknown>;
const admin = 'type.googleapis.com/envoy.admin.v3.';
const b64 = (s: string) => Buffer.from(s).toString('base64');

/**
 * Plants secrets where real configurations carry them: SDS key material, header values (name first
 * and name last), gRPC call credentials and metadata, OAuth2/HMAC secrets, node metadata, a rejected
 * update, JWTs and "Basic"/"Bearer" credentials. Returns what must not survive redaction and how many
 * string values were planted (each must become a redaction marker, nothing else may change).
 */
export function plantSecrets(dump: { configs: Json[] }): { secrets: string[]; planted: number } {
  const pem = () =>
    generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
  const [key1, key2, key3] = [pem(), pem(), pem()];
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJQTEFOVEVELWp3dCJ9.c2lnbmF0dXJlLXBsYW50ZWQ';
  const secrets = [
    key1,
    key2,
    key3,
    b64(key1),
    key1.split('\n')[1] as string,
    key2.split('\n')[1] as string,
    jwt,
    'PLANTED-password',
    'PLANTED-generic',
    b64('PLANTED-ticket-key'),
    b64('PLANTED-pkcs12'),
    'PLANTED-failed',
    'Bearer PLANTED-bearer',
    'PLANTED-reordered',
    'session=PLANTED-cookie',
    'PLANTED-oauth-token',
    'PLANTED-hmac',
    'PLANTED-access-token',
    'PLANTED-api-key',
    'Basic UExBTlRFRC1iYXNpYw==',
    'PLANTED-meta-token',
    'Bearer PLANTED-in-note',
    'PLANTED-escaped',
  ];
  const section = (type: string): Json => {
    const found = dump.configs.find((c) => c['@type'] === `${admin}${type}`);
    if (found) return found;
    const created: Json = { '@type': `${admin}${type}` };
    dump.configs.push(created);
    return created;
  };
  const child = <T>(parent: Json, key: string, empty: T): T => {
    if (parent[key] === undefined) parent[key] = empty;
    return parent[key] as T;
  };
  const list = (s: Json, key: string): Json[] => child<Json[]>(s, key, []);
  const secret = (name: string, body: Json) => ({
    name,
    secret: {
      '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret',
      name,
      ...body,
    },
  });

  const sds = list(section('SecretsConfigDump'), 'dynamic_active_secrets');
  sds.push(
    secret('planted-tls', {
      tls_certificate: {
        private_key: { inline_bytes: b64(key1) },
        password: { inline_string: 'PLANTED-password' },
      },
    }),
    secret('planted-inline', { tls_certificate: { private_key: { inline_string: key2 } } }),
    secret('planted-generic', { generic_secret: { secret: { inline_string: 'PLANTED-generic' } } }),
    secret('planted-stek', { session_ticket_keys: { keys: [{ inline_bytes: b64('PLANTED-ticket-key') }] } }),
    secret('planted-pkcs12', { tls_certificate: { pkcs12: { inline_bytes: b64('PLANTED-pkcs12') } } }),
    {
      name: 'planted-rejected',
      error_state: {
        failed_configuration: {
          '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret',
          tls_certificate: { private_key: { inline_string: 'PLANTED-failed' } },
        },
        details: 'rejected',
      },
    },
  );
  const headers = [
    { header: { key: 'Authorization', value: 'Bearer PLANTED-bearer' } },
    { header: { value: 'PLANTED-reordered', key: 'authorization' } },
  ];
  const route = {
    match: {
      prefix: '/',
      headers: [
        { string_match: { exact: 'session=PLANTED-cookie' }, name: 'cookie' },
        { name: 'x-token', string_match: { exact: jwt } },
      ],
    },
    route: { cluster: 'planted' },
  };
  const oauth = {
    name: 'envoy.filters.http.oauth2',
    typed_config: {
      config: {
        credentials: {
          client_id: 'meshdoc',
          token_secret: { inline: 'PLANTED-oauth-token' },
          hmac_secret: { inline: 'PLANTED-hmac' },
        },
      },
    },
  };
  const hcm = {
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: {
      route_config: {
        request_headers_to_add: headers,
        virtual_hosts: [{ name: 'planted', domains: ['*'], routes: [route] }],
      },
      http_filters: [oauth],
    },
  };
  list(section('ListenersConfigDump'), 'static_listeners').push({
    listener: { name: 'planted', filter_chains: [{ filters: [hcm] }] },
  });
  const grpc = {
    google_grpc: {
      target_uri: 'sts.example.com',
      call_credentials: [{ access_token: 'PLANTED-access-token' }],
    },
    initial_metadata: [{ key: 'x-api-key', value: 'PLANTED-api-key' }],
  };
  const health = {
    http_health_check: {
      path: '/healthz',
      request_headers_to_add: [
        { header: { key: 'Proxy-Authorization', value: 'Basic UExBTlRFRC1iYXNpYw==' } },
      ],
    },
  };
  list(section('ClustersConfigDump'), 'static_clusters').push({
    cluster: { name: 'planted', grpc_service: grpc, health_checks: [health] },
  });
  const boot = section('BootstrapConfigDump');
  const md = child<Json>(child<Json>(child<Json>(boot, 'bootstrap', {}), 'node', {}), 'metadata', {});
  md.STS_ACCESS_TOKEN = 'PLANTED-meta-token';
  md.NOTE = 'Bearer PLANTED-in-note';
  md.KEY_PEM = key3;
  return { secrets, planted: 19 };
}

/** An escaped key ("priv\u0061te_key") only exists at the text level. */
export function plantEscapedKey(text: string): string {
  return text.replace(
    '"configs": [',
    '"configs": [{"@type": "x", "tls_certificate": {"priv\\u0061te_key": {"inline_string": "PLANTED-escaped"}}}',
  );
}
