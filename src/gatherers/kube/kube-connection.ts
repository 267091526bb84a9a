import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { MeshdocError } from '../../errors.ts';
import { runExecCredential } from './exec-credential.ts';
import { closeHttp2Session } from './http2-get.ts';
import { clusterLabel, type KubeConfig } from './kube-config.ts';
import { http, https } from './node-http.ts';
import { readSmallFile } from './read-small-file.ts';

/** What every request to the API server carries: the agent (TLS, proxy, kept-alive sockets) and headers. */
export type KubeConnection = {
  server: string;
  /** The HTTP/1.1 agent, made on first use (node:https is not loaded when HTTP/2 carries every request). */
  agent: () => HttpAgent | HttpsAgent;
  headers: Record<string, string | string[]>;
  /**
   * For an https server reached directly (no proxy): the TLS options of one HTTP/2 session, which
   * carries all of a command's requests over one connection, as Go's client (kubectl, istioctl)
   * does: one TLS handshake instead of one per concurrent request. The port-forward WebSocket
   * still uses the agent (HTTP/1.1).
   */
  h2: Http2Target | undefined;
  /** Closes what this connection opened: the agent's kept-alive sockets and the HTTP/2 session. */
  close: () => void;
};

export type Http2Target = {
  origin: string;
  tls: { ca?: string; cert?: string; key?: string; servername?: string; rejectUnauthorized: boolean };
};

// A token file (a projected service-account token) is rotated by the kubelet; client-go reads it
// again every minute, and so does meshdoc (a long-running bot would otherwise keep an old one).
const tokenFileTtlMs = 60_000;
// An exec credential is asked for again this long before it says it expires.
const expirySlackMs = 30_000;
// How long a failure to build the connection is the answer for every request.
const failureTtlMs = 5_000;

const cache = new WeakMap<KubeConfig, { value: Promise<KubeConnection>; until: number }>();

/**
 * The connection for a kubeconfig's current context, built once and reused (one TLS session pool
 * for all of a command's requests) until its credentials need reading again. A failure is the
 * answer for a few seconds, then asked again.
 */
export function kubeConnection(kubeConfig: KubeConfig, timeoutMs: number): Promise<KubeConnection> {
  const hit = cache.get(kubeConfig);
  if (hit && hit.until > Date.now()) return hit.value;
  hit?.value.then(
    (c) => c.close(),
    () => {},
  );
  const entry = { value: Promise.resolve({} as KubeConnection), until: Number.POSITIVE_INFINITY };
  entry.value = build(kubeConfig, timeoutMs).then(
    ({ connection, until }) => {
      entry.until = until;
      return connection;
    },
    (error: unknown) => {
      // The other requests of the same command share the failure (a broken exec plugin runs
      // once, not once per request); a later command tries again.
      entry.until = Date.now() + failureTtlMs;
      throw error;
    },
  );
  cache.set(kubeConfig, entry);
  return entry.value;
}

async function build(
  kc: KubeConfig,
  timeoutMs: number,
): Promise<{ connection: KubeConnection; until: number }> {
  const { cluster, user } = kc;
  const where = `cluster ${clusterLabel(kc)}`;
  const headers: Record<string, string | string[]> = {};
  let until = Number.POSITIVE_INFINITY;
  let cert =
    user?.certData ??
    (user?.certFile ? await readCredentialFile(user.certFile, 'client-certificate', where) : undefined);
  let key =
    user?.keyData ??
    (user?.keyFile ? await readCredentialFile(user.keyFile, 'client-key', where) : undefined);
  let token = user?.token;
  if (!token && user?.tokenFile) {
    token = (await readCredentialFile(user.tokenFile, 'tokenFile', where)).trim();
    until = Date.now() + tokenFileTtlMs;
  }
  if (user?.authProvider) token ??= authProviderToken(user.authProvider, user.name);
  if (user?.exec && !token && !cert) {
    const got = await runExecCredential(user.exec, cluster, kc.env, timeoutMs);
    token = got.token;
    cert = got.certData ?? cert;
    key = got.keyData ?? key;
    if (got.expiresAt !== undefined) until = Math.min(until, got.expiresAt - expirySlackMs);
  }
  if (token) headers.authorization = `Bearer ${token}`;
  else if (user?.username !== undefined && user.password !== undefined)
    headers.authorization = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
  if (user?.impersonate) headers['impersonate-user'] = user.impersonate;
  // An array header goes out as one line per value: one Impersonate-Group per group.
  if (user?.impersonateGroups?.length) headers['impersonate-group'] = [...user.impersonateGroups];

  const serverUrl = new URL(cluster.server);
  const secure = serverUrl.protocol === 'https:';
  const ca =
    cluster.caData ??
    (cluster.caFile ? await readCredentialFile(cluster.caFile, 'certificate-authority', where) : undefined);
  const proxyEnv = proxyEnvironment(kc, secure);
  const agentOptions = {
    keepAlive: true,
    ...(proxyEnv ? { proxyEnv } : {}),
  };
  let made: HttpAgent | HttpsAgent | undefined;
  const makeAgent = (): HttpAgent | HttpsAgent =>
    secure
      ? new (https().Agent)({
          ...agentOptions,
          ...(ca ? { ca } : {}),
          ...(cert ? { cert } : {}),
          ...(key ? { key } : {}),
          rejectUnauthorized: !cluster.insecureSkipTlsVerify,
          ...(cluster.tlsServerName ? { servername: cluster.tlsServerName } : {}),
        })
      : new (http().Agent)(agentOptions);
  const agent = () => {
    made ??= makeAgent();
    return made;
  };
  const h2: Http2Target | undefined =
    secure && !proxyEnv
      ? {
          origin: serverUrl.origin,
          tls: {
            ...(ca ? { ca } : {}),
            ...(cert ? { cert } : {}),
            ...(key ? { key } : {}),
            ...(cluster.tlsServerName ? { servername: cluster.tlsServerName } : {}),
            rejectUnauthorized: !cluster.insecureSkipTlsVerify,
          },
        }
      : undefined;
  return {
    connection: {
      server: cluster.server,
      agent,
      headers,
      h2,
      close: () => {
        made?.destroy();
        if (h2) closeHttp2Session(h2);
      },
    },
    until,
  };
}

/**
 * The proxy to go through, as kubectl picks it: the cluster's proxy-url, else HTTPS_PROXY /
 * HTTP_PROXY / NO_PROXY from the environment. Node's agent speaks HTTP CONNECT; a SOCKS proxy it
 * does not, and meshdoc says so rather than connecting around it.
 */
function proxyEnvironment(kc: KubeConfig, secure: boolean): Record<string, string> | undefined {
  const proxyUrl = kc.cluster.proxyUrl;
  if (proxyUrl) {
    const scheme = proxyUrl.split(':')[0]?.toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') {
      throw new MeshdocError(
        'usage',
        `The kubeconfig's cluster "${kc.cluster.name}" goes through a ${scheme ?? 'non-HTTP'} proxy (${proxyUrl}); meshdoc speaks only HTTP CONNECT proxies.`,
        {
          hint: 'Use an HTTP proxy in proxy-url, or run meshdoc where the API server is reachable directly.',
        },
      );
    }
    return secure ? { HTTPS_PROXY: proxyUrl } : { HTTP_PROXY: proxyUrl };
  }
  const pick = (name: string) => kc.env[name] ?? kc.env[name.toLowerCase()];
  const chosen = secure ? pick('HTTPS_PROXY') : pick('HTTP_PROXY');
  if (!chosen) return undefined;
  const noProxy = pick('NO_PROXY');
  return { [secure ? 'HTTPS_PROXY' : 'HTTP_PROXY']: chosen, ...(noProxy ? { NO_PROXY: noProxy } : {}) };
}

/**
 * A legacy auth-provider. kubectl 1.26 dropped the gcp and azure ones for exec plugins; oidc
 * remains, and its id-token works as a bearer token until it expires (refreshing it is the
 * plugin's job: kubelogin).
 */
function authProviderToken(provider: { name: string; config: Record<string, string> }, user: string): string {
  const token = provider.config['id-token'] ?? provider.config['access-token'];
  if (token) return token;
  throw new MeshdocError(
    'unauthorized',
    `The kubeconfig user "${user}" authenticates with the "${provider.name}" auth-provider and holds no token meshdoc can use.`,
    {
      hint:
        provider.name === 'oidc'
          ? 'Log in again (kubectl oidc-login), or switch the user to the kubelogin exec plugin.'
          : `kubectl itself dropped the ${provider.name} auth-provider in 1.26; switch the kubeconfig to its exec plugin (gke-gcloud-auth-plugin, kubelogin).`,
    },
  );
}

async function readCredentialFile(path: string, field: string, where: string): Promise<string> {
  const read = readSmallFile(path, 1024 * 1024);
  if ('text' in read) return read.text;
  throw new MeshdocError(
    'bad_input_file',
    `The kubeconfig's ${field} file for ${where} (${path}) ${read.why}.`,
    {
      hint: 'Check the kubeconfig; relative paths are taken from the folder the kubeconfig is in.',
    },
  );
}
