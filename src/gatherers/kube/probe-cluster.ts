import { type KubeConfig, VersionApi } from '@kubernetes/client-node';

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
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: message.split('\n')[0]?.slice(0, 160) ?? 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}
