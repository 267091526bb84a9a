import { ForbiddenError, MeshdocError } from '../../errors.ts';

export type ApiCall = { verb: string; resource: string; namespace?: string; name?: string };

function describe(call: ApiCall): string {
  const what = call.name ? `${call.resource} "${call.name}"` : call.resource;
  return call.namespace ? `${what} in namespace "${call.namespace}"` : what;
}

/**
 * Turns whatever a request to the API server threw into a MeshdocError. The raw error text
 * (headers, body) never leaves this function: it goes into `cause` for logs.
 */
export function translateApiError(error: unknown, call: ApiCall, cluster: string): MeshdocError {
  if (error instanceof MeshdocError) return error;
  const status = statusOf(error);
  if (status === 404) {
    return new MeshdocError(
      'not_found',
      `${capitalise(describe(call))} was not found in cluster ${cluster}.`,
      { cause: error },
    );
  }
  if (status === 403) return new ForbiddenError(call.verb, call.resource, call.namespace, error);
  if (status === 401) {
    return new MeshdocError(
      'unauthorized',
      `The API server of cluster ${cluster} rejected meshdoc's credentials (401 Unauthorized).`,
      {
        hint: 'Check the kubeconfig user or the ServiceAccount token; it may have expired.',
        cause: error,
      },
    );
  }
  if (status === 504 || status === 408) {
    return new MeshdocError(
      'timeout',
      `The API server of cluster ${cluster} timed out reading ${describe(call)}.`,
      { cause: error },
    );
  }
  if (status !== undefined && status >= 500) {
    return new MeshdocError(
      'upstream_failed',
      `The API server of cluster ${cluster} failed (HTTP ${status}) reading ${describe(call)}.`,
      { cause: error },
    );
  }
  const code = networkCode(error);
  if (code) {
    return new MeshdocError('unreachable', `Cannot reach the API server of cluster ${cluster} (${code}).`, {
      // No CLI option here: the same hint is shown in Slack, where --from does not exist.
      hint: 'Check the kubeconfig server address, VPN and network policy.',
      cause: error,
    });
  }
  return new MeshdocError(
    'upstream_failed',
    `Reading ${describe(call)} from cluster ${cluster} failed${status ? ` (HTTP ${status})` : ''}.`,
    {
      cause: error,
    },
  );
}

function statusOf(error: unknown): number | undefined {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'number')
    return error.code;
  return undefined;
}

const networkCodes = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
];

function networkCode(error: unknown): string | undefined {
  // fetch throws TypeError("fetch failed") and puts the socket error in `cause` (sometimes twice).
  let current: unknown = error;
  let fetchFailed = false;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    if ('code' in current && typeof current.code === 'string' && networkCodes.includes(current.code))
      return current.code;
    if (current instanceof Error && /fetch failed|socket hang up/i.test(current.message)) fetchFailed = true;
    current = 'cause' in current ? current.cause : undefined;
  }
  if (!fetchFailed) return undefined;
  return current instanceof Error ? current.message.slice(0, 80) : 'connection failed';
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
