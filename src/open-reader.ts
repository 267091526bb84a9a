import { MeshdocError } from './errors.ts';

import { LiveKubeReader } from './gatherers/kube/live-kube-reader.ts';
import { loadKubeConfig } from './gatherers/kube/load-kube-config.ts';
import type { KubeReader } from './kube/kube-reader.ts';

// Node's built-ins as Node's own objects, not through `import`: an ESM import builds a facade
// that reads every export, and node:fs's lazy ReadStream/WriteStream getters then load the
// streams machinery (about 8 ms of every start; node:util's facade as much again, `--cpu-prof`).
// test/contract/cli-bundle.test.ts keeps the modules every CLI start evaluates free of them.
const { existsSync } = process.getBuiltinModule('node:fs');
const { homedir } = process.getBuiltinModule('node:os');
const { join, resolve } = process.getBuiltinModule('node:path');
const { fileURLToPath } = process.getBuiltinModule('node:url');

// The file readers are imported when first used: they pull in yaml, which `help` and `--file
// DUMP` do not need (test/unit/lazy-imports.test.ts keeps it so). The live reader is imported up
// front: its own code is small (node:http2 and js-yaml load when it first connects or parses),
// and loading it with the first modules saves a live command a later dynamic import (about 10 ms,
// `npm run bench -- cli-start`).
const fileReaders = async () => {
  const [
    { FileKubeReader },
    { loadManifestsReporting },
    { loadSavedEvidence },
    { SavedEvidenceReader },
    { manifestLimitsFrom },
  ] = await Promise.all([
    import('./gatherers/files/file-kube-reader.ts'),
    import('./gatherers/files/load-manifests.ts'),
    import('./gatherers/files/load-saved-evidence.ts'),
    import('./gatherers/files/saved-evidence-reader.ts'),
    import('./gatherers/files/bounded-read.ts'),
  ]);
  return {
    FileKubeReader,
    loadManifestsReporting,
    loadSavedEvidence,
    SavedEvidenceReader,
    manifestLimitsFrom,
  };
};

/** The bundled demo scenario: meshdoc's own manifests with several broken workloads. */
export const demoPath = fileURLToPath(new URL('../demo/', import.meta.url));

export type ReaderChoice = {
  from?: string | undefined;
  context?: string | undefined;
  kubeconfig?: string | undefined;
  /** The Slack bot: with no cluster configured, an error rather than the bundled demo. */
  noDemo?: boolean | undefined;
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
    const {
      FileKubeReader,
      loadManifestsReporting,
      loadSavedEvidence,
      SavedEvidenceReader,
      manifestLimitsFrom,
    } = await fileReaders();
    const path = resolve(choice.from);
    const limits = manifestLimitsFrom(choice.env);
    const saved = await loadSavedEvidence(path, limits.manifestFileBytes);
    if (saved) return new SavedEvidenceReader(saved);
    const isDemo = path === resolve(demoPath);
    const { manifests, skipped } = await loadManifestsReporting(path, limits);
    return new FileKubeReader(manifests, isDemo ? 'demo' : `files:${choice.from}`, skipped);
  }
  if (!choice.context && !clusterConfigured(choice.env, choice.kubeconfig)) {
    if (choice.noDemo)
      throw new MeshdocError(
        'unreachable',
        'meshdoc has no cluster to ask: no kubeconfig and no in-cluster service account found.',
      );
    const { FileKubeReader, loadManifestsReporting } = await fileReaders();
    return new FileKubeReader((await loadManifestsReporting(demoPath)).manifests, 'demo');
  }
  return new LiveKubeReader({
    kubeConfig: await loadKubeConfig(choice.context, choice.kubeconfig, choice.env),
    timeoutMs: choice.timeoutMs,
  });
}
