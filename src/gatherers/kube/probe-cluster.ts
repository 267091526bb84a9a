import { type KubeConfig, VersionApi } from '@kubernetes/client-node';
import { translateApiError } from './translate-api-error.ts';

/** One GET /version with a short deadline: is the configured API server answering at all? */
export async function probeCluster(
  kubeConfig: KubeConfig,
  timeoutMs: number,
): Promise<{ ok: true; version: string } | { ok: false; reason: string }> {
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
    return { ok: false, reason: probeFailure(error, kubeConfig.getCurrentContext() || 'in-cluster') };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Why the probe failed, in one short line: the API server's answer as meshdoc translates it
 * (401, 5xx, …), or the socket error under fetch's "fetch failed" (connect ECONNREFUSED 10.0.0.1:443).
 */
function probeFailure(error: unknown, cluster: string): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'number')
    return translateApiError(error, { verb: 'get', resource: 'version' }, cluster).userMessage;
  let deepest: unknown = error;
  for (let depth = 0; depth < 4; depth++) {
    const cause: unknown = deepest instanceof Error ? deepest.cause : undefined;
    if (!(cause instanceof Error) || !cause.message) break;
    deepest = cause;
  }
  const message = deepest instanceof Error ? deepest.message : String(deepest);
  return message.split('\n')[0]?.slice(0, 160) || 'unreachable';
}
