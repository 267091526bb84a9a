import { MeshdocError } from '../../errors.ts';
import {
  type KubeconfigCluster,
  type KubeconfigFile,
  KubeconfigFileSchema,
  type KubeconfigUser,
} from '../../schemas/kubeconfig.ts';
import type { KubeCluster, KubeConfig, KubeUser } from './kube-config.ts';
import { readSmallFile } from './read-small-file.ts';

// Built-ins without their ESM facades, as every module a CLI start evaluates (open-reader.ts says why).
const { existsSync } = process.getBuiltinModule('node:fs');
const { homedir } = process.getBuiltinModule('node:os');
const { delimiter, dirname, isAbsolute, join, resolve } = process.getBuiltinModule('node:path');

/** A kubeconfig is a few KiB; past this it is the wrong file (KUBECONFIG=/dev/zero). */
export const kubeconfigMaxBytes = 4 * 1024 * 1024;

/** Where a pod's service account credentials are mounted. */
export const serviceAccountDir = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Loads the kubeconfig the way kubectl does, from the given environment (not process.env, so the
 * CLI and tests can pass their own): an explicit path; else every existing file in KUBECONFIG,
 * merged (for each cluster, user and context name, and for current-context, the first file that
 * sets it wins); else ~/.kube/config; else the pod's service account. Then selects `context`, or
 * the current context.
 */
export async function loadKubeConfig(
  context: string | undefined,
  kubeconfigPath?: string,
  env: NodeJS.ProcessEnv = process.env,
  saDir: string = serviceAccountDir,
): Promise<KubeConfig> {
  const files = kubeconfigPath
    ? [kubeconfigPath]
    : (env.KUBECONFIG ?? '').split(delimiter).filter((f) => f && existsSync(f));
  const home = join(env.HOME ?? homedir(), '.kube', 'config');
  if (files.length === 0 && existsSync(home)) files.push(home);
  if (files.length === 0) {
    if (context) throw noKubeconfig(context, home, env);
    return inCluster(env, saDir, home);
  }
  const merged = new Merged();
  for (const file of files) merged.add(await readKubeconfig(file), dirname(resolve(file)));
  return merged.select(context, files, env);
}

/** Entries by name across files, the first definition of each name winning (kubectl's rule). */
class Merged {
  private readonly clusters = new Map<string, KubeCluster | string>();
  private readonly users = new Map<string, KubeUser>();
  private readonly contexts = new Map<string, { cluster: string; user?: string | undefined }>();
  private current: string | undefined;

  add(file: KubeconfigFile, dir: string): void {
    for (const c of file.clusters ?? [])
      if (!this.clusters.has(c.name)) this.clusters.set(c.name, cluster(c.name, c.cluster ?? {}, dir));
    for (const u of file.users ?? [])
      if (!this.users.has(u.name)) this.users.set(u.name, user(u.name, u.user ?? {}, dir));
    for (const c of file.contexts ?? [])
      if (!this.contexts.has(c.name) && c.context)
        this.contexts.set(c.name, { cluster: c.context.cluster, user: c.context.user });
    this.current ||= file['current-context'] || undefined;
  }

  select(wanted: string | undefined, files: readonly string[], env: NodeJS.ProcessEnv): KubeConfig {
    const names = [...this.contexts.keys()];
    const known =
      names.length > 0 ? `Known contexts: ${names.join(', ')}` : 'The kubeconfig defines no contexts.';
    const name = wanted ?? this.current;
    if (!name) {
      throw new MeshdocError('usage', `The kubeconfig (${files.join(', ')}) sets no current-context.`, {
        hint: `Pass --context, or run \`kubectl config use-context NAME\`. ${known}`,
      });
    }
    const ctx = this.contexts.get(name);
    if (!ctx) {
      if (wanted) throw new MeshdocError('usage', `No context "${name}" in the kubeconfig.`, { hint: known });
      throw new MeshdocError(
        'bad_input_file',
        `The kubeconfig's current-context "${name}" is not one of its contexts.`,
        { hint: `Run \`kubectl config use-context NAME\`. ${known}` },
      );
    }
    const found = this.clusters.get(ctx.cluster);
    if (!found) {
      throw new MeshdocError(
        'bad_input_file',
        `Context "${name}" names cluster "${ctx.cluster}", which the kubeconfig does not define.`,
        { hint: `Check the kubeconfig (${files.join(', ')}).` },
      );
    }
    if (typeof found === 'string') {
      throw new MeshdocError('bad_input_file', `Cluster "${ctx.cluster}" in the kubeconfig ${found}.`, {
        hint: `Check the kubeconfig (${files.join(', ')}).`,
      });
    }
    // kubectl treats a user the kubeconfig does not define as anonymous; so does meshdoc.
    const u = ctx.user ? this.users.get(ctx.user) : undefined;
    return { context: name, contexts: names, cluster: found, user: u, env };
  }
}

/** A cluster entry, or why it cannot be used (kept until a context actually selects it). */
function cluster(name: string, c: KubeconfigCluster, dir: string): KubeCluster | string {
  if (!c.server) return 'has no server address';
  let url: URL;
  try {
    url = new URL(c.server);
  } catch {
    return `has a server address that is not a URL (${JSON.stringify(c.server.slice(0, 100))})`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `has a server address with scheme ${url.protocol} (only https: and http: work)`;
  return {
    name,
    server: c.server,
    ...optional('caData', decode(c['certificate-authority-data'])),
    ...optional('caFile', absolute(c['certificate-authority'], dir)),
    insecureSkipTlsVerify: c['insecure-skip-tls-verify'] === true,
    ...optional('tlsServerName', c['tls-server-name']),
    ...optional('proxyUrl', c['proxy-url']),
  };
}

function user(name: string, u: KubeconfigUser, dir: string): KubeUser {
  const exec = u.exec
    ? {
        ...u.exec,
        // kubectl runs a command given with a path relative to the kubeconfig's folder.
        command:
          u.exec.command.includes('/') && !isAbsolute(u.exec.command)
            ? join(dir, u.exec.command)
            : u.exec.command,
      }
    : undefined;
  return {
    name,
    ...optional('token', u.token),
    ...optional('tokenFile', absolute(u.tokenFile, dir)),
    ...optional('certData', decode(u['client-certificate-data'])),
    ...optional('certFile', absolute(u['client-certificate'], dir)),
    ...optional('keyData', decode(u['client-key-data'])),
    ...optional('keyFile', absolute(u['client-key'], dir)),
    ...optional('username', u.username),
    ...optional('password', u.password),
    ...optional('impersonate', u.as),
    ...optional('impersonateGroups', u['as-groups'] ?? undefined),
    ...optional(
      'authProvider',
      u['auth-provider']
        ? { name: u['auth-provider'].name, config: u['auth-provider'].config ?? {} }
        : undefined,
    ),
    ...optional('exec', exec),
  };
}

/** The pod's own service account, as client-go's rest.InClusterConfig reads it. */
function inCluster(env: NodeJS.ProcessEnv, saDir: string, home: string): KubeConfig {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  const tokenFile = join(saDir, 'token');
  if (!host || !port || !existsSync(tokenFile)) {
    throw new MeshdocError(
      'unreachable',
      'meshdoc has no cluster to ask: no kubeconfig and no in-cluster service account found.',
      {
        hint: `meshdoc looked at KUBECONFIG, ${home} and ${saDir}. Point KUBECONFIG at a kubeconfig.`,
      },
    );
  }
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    context: undefined,
    contexts: [],
    cluster: { name: 'in-cluster', server, caFile: join(saDir, 'ca.crt'), insecureSkipTlsVerify: false },
    user: { name: 'service-account', tokenFile },
    env,
  };
}

/**
 * One kubeconfig file, parsed and checked. Read with a byte cap while reading (a device or an
 * endless pipe cannot exhaust memory); a FIFO is allowed, since `KUBECONFIG=<(…)` is one.
 */
async function readKubeconfig(file: string): Promise<KubeconfigFile> {
  const read = readSmallFile(file, kubeconfigMaxBytes);
  if ('why' in read) throw unreadable(file, read.why);
  const text = read.text;
  let raw: unknown;
  const start = text.trimStart()[0];
  if (start === '{') {
    try {
      raw = JSON.parse(text);
    } catch {
      // YAML flow style, or broken: the YAML parser says which.
    }
  }
  if (raw === undefined && text.trim() !== '') {
    // js-yaml rather than the yaml package the manifest reader uses: a kubeconfig is a few
    // flat lines read on every live command, and js-yaml parses one from cold in about a
    // quarter of the time (10 ms against 40 ms; `npm run bench -- cli-start`). Loaded only for
    // YAML kubeconfigs: JSON ones (and every other command) do without it.
    const { loadYaml } = await import('../../schemas/load-yaml.ts');
    try {
      raw = loadYaml(text, { filename: file, maxAliases: 100, maxDepth: 64 });
    } catch (error) {
      const why = error instanceof Error ? (error.message.split('\n')[0] ?? '') : '';
      throw unreadable(
        file,
        `not valid YAML (${why.replace(/\s*\(\d+:\d+\)$/, '').slice(0, 200) || 'parse error'})`,
      );
    }
  }
  if (raw === null || raw === undefined) return {};
  const parsed = KubeconfigFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw unreadable(file, `not a kubeconfig (${issue?.message ?? 'unexpected shape'}${at})`);
  }
  return parsed.data;
}

function unreadable(file: string, why: string): MeshdocError {
  const verb = /^(is|does|cannot) /.test(why) ? why : `is ${why}`;
  return new MeshdocError('bad_input_file', `The kubeconfig ${JSON.stringify(file)} ${verb}.`, {
    hint: 'Check KUBECONFIG, --kubeconfig or ~/.kube/config.',
  });
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

function decode(base64: string | undefined): string | undefined {
  return base64 ? Buffer.from(base64, 'base64').toString('utf8') : undefined;
}

function absolute(path: string | undefined, dir: string): string | undefined {
  if (!path) return undefined;
  return isAbsolute(path) ? path : join(dir, path);
}

/** `{ key: value }` when value is set, `{}` otherwise (exactOptionalPropertyTypes forbids undefined). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
