import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig as ClientNodeKubeConfig } from '@kubernetes/client-node';
import type { KubeConfig } from '../../src/gatherers/kube/kube-config.ts';
import { loadKubeConfig } from '../../src/gatherers/kube/load-kube-config.ts';

/**
 * meshdoc's own view of a kubeconfig the test harness holds as a @kubernetes/client-node object
 * (the harness creates objects with that library): exported to a file and read back by meshdoc's
 * loader, so every live test also exercises that loader and its credentials.
 */
export async function meshdocKubeConfig(kc: ClientNodeKubeConfig): Promise<KubeConfig> {
  const file = join(mkdtempSync(join(tmpdir(), 'meshdoc-kc-')), 'config');
  writeFileSync(file, kc.exportConfig(), { mode: 0o600 });
  return loadKubeConfig(undefined, file, {});
}
