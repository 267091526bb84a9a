import { type KubeConfig, VersionApi } from '@kubernetes/client-node';
import { translateApiError } from './translate-api-error.ts';

/** One GET /version with a short deadline: is the configured API server answering at all? */
export async function probeCluster(
  kubeConfig: KubeConfig,
  timeoutMs: number,
): Promise<{ ok: true; version: string } | { ok: false; reason: string; answered: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const api = kubeConfig.makeApiClient(VersionApi);
    const info = await Promise.race([
      api.getCode(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, version: info.gitVersion };
  } catch (error) {
    return { ok: false, ...probeFailure(error, kubeConfig.getCurrentContext() || 'in-cluster') };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Why the probe failed, in one short line: the API server's answer as meshdoc translates it
 * (401, 5xx, …; `answered`), or the socket error under fetch's "fetch failed" (connect
 * ECONNREFUSED 10.0.0.1:443) or the deadline.
 */
function probeFailure(error: unknown, cluster: string): { reason: string; answered: boolean } {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'number')
    return {
      reason: translateApiError(error, { verb: 'get', resource: 'version' }, cluster).userMessage,
      answered: true,
    };
  let deepest: unknown = error;
  for (let depth = 0; depth < 4; depth++) {
    const cause: unknown = deepest instanceof Error ? deepest.cause : undefined;
    if (!(cause instanceof Error) || !cause.message) break;
    deepest = cause;
  }
  const message = deepest instanceof Error ? deepest.message : String(deepest);
  return { reason: message.split('\n')[0]?.slice(0, 160) || 'unreachable', answered: false };
}
