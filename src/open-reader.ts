import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileKubeReader } from './gatherers/files/file-kube-reader.ts';
import { loadManifests } from './gatherers/files/load-manifests.ts';
import { loadSavedEvidence, SavedEvidenceReader } from './gatherers/files/saved-evidence-reader.ts';
import { LiveKubeReader } from './gatherers/kube/live-kube-reader.ts';
import { loadKubeConfig } from './gatherers/kube/load-kube-config.ts';
import type { KubeReader } from './kube/kube-reader.ts';

/** The bundled demo scenario: meshdoc's own manifests with several broken workloads. */
export const demoPath = fileURLToPath(new URL('../demo/', import.meta.url));

export type ReaderChoice = {
  from?: string | undefined;
  context?: string | undefined;
  kubeconfig?: string | undefined;
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
};

/** True when a kubeconfig or in-cluster credentials exist; otherwise meshdoc falls back to the demo. */
export function clusterConfigured(env: NodeJS.ProcessEnv, kubeconfig?: string): boolean {
  if (kubeconfig) return true;
  if (env.KUBECONFIG) return env.KUBECONFIG.split(':').some((p) => p && existsSync(p));
  if (env.KUBERNETES_SERVICE_HOST && existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token'))
    return true;
  return existsSync(join(env.HOME ?? homedir(), '.kube', 'config'));
}

/** Opens what the invocation asked for: --from files, a kubeconfig context, or the demo. */
export async function openReader(choice: ReaderChoice): Promise<KubeReader> {
  if (choice.from) {
    const path = resolve(choice.from);
    const saved = await loadSavedEvidence(path);
    if (saved) return new SavedEvidenceReader(saved);
    const isDemo = path === resolve(demoPath);
    return new FileKubeReader(await loadManifests(path), isDemo ? 'demo' : `files:${choice.from}`);
  }
  if (!choice.context && !clusterConfigured(choice.env, choice.kubeconfig)) {
    return new FileKubeReader(await loadManifests(demoPath), 'demo');
  }
  return new LiveKubeReader({
    kubeConfig: loadKubeConfig(choice.context, choice.kubeconfig, choice.env),
    timeoutMs: choice.timeoutMs,
  });
}
