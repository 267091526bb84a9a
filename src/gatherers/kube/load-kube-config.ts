import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { MeshdocError } from '../../errors.ts';

/**
 * Loads the kubeconfig the way kubectl does, from the given environment (not process.env, so the
 * CLI and tests can pass their own): an explicit path; else every existing file in KUBECONFIG,
 * merged, the first file's current-context winning; else ~/.kube/config; else in-cluster.
 * Then selects `context` if given.
 */
export function loadKubeConfig(
  context: string | undefined,
  kubeconfigPath?: string,
  env: NodeJS.ProcessEnv = process.env,
): KubeConfig {
  const kc = new KubeConfig();
  try {
    const files = kubeconfigPath
      ? [kubeconfigPath]
      : (env.KUBECONFIG ?? '').split(delimiter).filter((f) => f && existsSync(f));
    const home = join(env.HOME ?? homedir(), '.kube', 'config');
    if (files.length === 0 && existsSync(home)) files.push(home);
    const [first, ...rest] = files;
    // No kubeconfig: the client library's default is in-cluster, or a placeholder context named
    // "loaded-context" on localhost:8080, neither of which a --context can name.
    if (!first && context) throw noKubeconfig(context, home, env);
    if (!first) kc.loadFromDefault();
    else {
      kc.loadFromFile(first);
      for (const file of rest) {
        const more = new KubeConfig();
        more.loadFromFile(file);
        kc.mergeConfig(more, true);
      }
    }
  } catch (error) {
    if (error instanceof MeshdocError) throw error;
    throw new MeshdocError('bad_input_file', 'The kubeconfig could not be read.', {
      cause: error,
      hint: 'Check KUBECONFIG or ~/.kube/config.',
    });
  }
  if (context) {
    const names = kc.getContexts().map((c) => c.name);
    if (!names.includes(context)) {
      throw new MeshdocError('usage', `No context "${context}" in the kubeconfig.`, {
        hint:
          names.length > 0 ? `Known contexts: ${names.join(', ')}` : 'The kubeconfig defines no contexts.',
      });
    }
    kc.setCurrentContext(context);
  }
  return kc;
}

/** --context with no kubeconfig file anywhere: say so, and where meshdoc looked. */
function noKubeconfig(context: string, home: string, env: NodeJS.ProcessEnv): MeshdocError {
  const listed = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  const looked =
    listed.length > 0 ? `KUBECONFIG (${listed.join(', ')}) and ${home}` : `${home} (KUBECONFIG is unset)`;
  return new MeshdocError('usage', `No kubeconfig found, so there is no context "${context}".`, {
    hint: `meshdoc looked in ${looked}; none of them exists. Point KUBECONFIG at a kubeconfig that defines it.`,
  });
}
