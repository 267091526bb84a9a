import * as z from 'zod';
import { clusterLabel, type KubeConfig } from './kube-config.ts';
import { requestKubeJson } from './request-kube-json.ts';
import { translateApiError } from './translate-api-error.ts';

const VersionSchema = z.looseObject({ gitVersion: z.string() });

/** One GET /version with a short deadline: is the configured API server answering at all? */
export async function probeCluster(
  kubeConfig: KubeConfig,
  timeoutMs: number,
): Promise<{ ok: true; version: string } | { ok: false; reason: string; answered: boolean }> {
  let timer: NodeJS.Timeout | undefined;
  const abort = new AbortController();
  try {
    const info = await Promise.race([
      requestKubeJson(kubeConfig, '/version', new URLSearchParams(), abort.signal, timeoutMs).then((v) =>
        VersionSchema.parse(v),
      ),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          abort.abort();
          reject(new Error(`no answer within ${timeoutMs} ms`));
        }, timeoutMs);
      }),
    ]);
    return { ok: true, version: info.gitVersion };
  } catch (error) {
    return { ok: false, ...probeFailure(error, clusterLabel(kubeConfig)) };
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
