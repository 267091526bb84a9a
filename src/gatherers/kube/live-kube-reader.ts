import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { MeshdocError, NotServedError } from '../../errors.ts';
import type { KubeReader, ListOptions } from '../../kube/kube-reader.ts';
import {
  qualifiedResource,
  type ResourceName,
  type ResourceObject,
  resourceKinds,
  resourcePath,
} from '../../kube/resource-kinds.ts';
import { openPodPortStream } from './pod-port-stream.ts';
import { requestKubeJson } from './request-kube-json.ts';
import { type ApiCall, translateApiError } from './translate-api-error.ts';

export type LiveKubeReaderOptions = {
  kubeConfig: KubeConfig;
  /** Per-request deadline; an API server that answers slower gives a timeout error. */
  timeoutMs: number;
  /** Objects per list request (`limit`); the next page follows `continue`. */
  pageSize?: number;
  /** A list without its own limit stops with an error past this many objects. */
  maxListItems?: number;
};

const defaultPageSize = 500;
const defaultMaxListItems = 10_000;

// A list page: only what paging needs; items are checked one by one against the resource schema.
const ListPageSchema = z.looseObject({
  metadata: z.looseObject({ continue: z.string().nullish() }).nullish(),
  items: z.array(z.unknown()).nullish(),
});

/** Reads objects from a live API server: one generic GET path for every resource in the table. */
export class LiveKubeReader implements KubeReader {
  readonly cluster: string;
  readonly kubectl: string;
  private readonly timeoutMs: number;
  private readonly kubeConfig: KubeConfig;
  private readonly pageSize: number;
  private readonly maxListItems: number;

  constructor({ kubeConfig, timeoutMs, pageSize, maxListItems }: LiveKubeReaderOptions) {
    const context = kubeConfig.getCurrentContext();
    this.cluster = context || 'in-cluster';
    this.kubectl = context && context !== 'inClusterContext' ? `kubectl --context ${context}` : 'kubectl';
    this.timeoutMs = timeoutMs;
    this.kubeConfig = kubeConfig;
    this.pageSize = pageSize ?? defaultPageSize;
    this.maxListItems = maxListItems ?? defaultMaxListItems;
  }

  openPodPort(namespace: string, pod: string, port: number) {
    return openPodPortStream(this.kubeConfig, { namespace, pod, port }, this.timeoutMs, this.cluster);
  }

  async get<R extends ResourceName>(
    resource: R,
    namespace: string | undefined,
    name: string,
  ): Promise<ResourceObject<R>> {
    const ns = resourceKinds[resource].namespaced ? namespace : undefined;
    const call: ApiCall = {
      verb: 'get',
      resource: qualifiedResource(resource),
      name,
      ...(ns ? { namespace: ns } : {}),
    };
    const value = await this.request(call, resourcePath(resource, ns, name), new URLSearchParams());
    return this.parse(resource, call, value);
  }

  async list<R extends ResourceName>(
    resource: R,
    namespace: string | undefined,
    options: ListOptions = {},
  ): Promise<ResourceObject<R>[]> {
    const items = await this.listRaw(resource, namespace, options);
    const call: ApiCall = { verb: 'list', resource: qualifiedResource(resource) };
    return items.map((item) => this.parse(resource, call, item));
  }

  async listPodNames(namespace: string, limit: number) {
    const items = await this.listRaw('pod', namespace, { limit });
    return items.map(nameOf).filter(Boolean);
  }

  async listNamespaceNames(limit: number) {
    const items = await this.listRaw('namespace', undefined, { limit });
    return items.map(nameOf).filter(Boolean);
  }

  /** Pages through a list: `limit` per request, `continue` to the next, until done or capped. */
  private async listRaw(resource: ResourceName, namespace: string | undefined, options: ListOptions) {
    const ns = resourceKinds[resource].namespaced ? namespace : undefined;
    const call: ApiCall = {
      verb: 'list',
      resource: qualifiedResource(resource),
      ...(ns ? { namespace: ns } : {}),
    };
    const wanted = options.limit;
    const items: unknown[] = [];
    let token: string | undefined;
    do {
      const query = new URLSearchParams();
      if (options.labelSelector) query.set('labelSelector', options.labelSelector);
      const size = wanted === undefined ? this.pageSize : Math.min(this.pageSize, wanted - items.length);
      query.set('limit', String(size));
      if (token) query.set('continue', token);
      const page = ListPageSchema.safeParse(
        await this.request(call, resourcePath(resource, ns), query).catch((error: unknown) => {
          // A list is never 404 for a resource the server knows (an unknown namespace lists empty).
          throw error instanceof MeshdocError && error.code === 'not_found'
            ? new NotServedError(call.resource, this.cluster, error)
            : error;
        }),
      );
      if (!page.success) throw this.malformed(call, page.error);
      items.push(...(page.data.items ?? []));
      token = page.data.metadata?.continue || undefined;
      // Never silently cut a list short: a verdict over part of the objects could be wrong.
      if (wanted === undefined && items.length > this.maxListItems) {
        throw new MeshdocError(
          'unexpected_output',
          `Cluster ${this.cluster} has more than ${this.maxListItems} ${call.resource}${ns ? ` in namespace "${ns}"` : ''}; meshdoc stops reading there.`,
        );
      }
    } while (token && (wanted === undefined || items.length < wanted));
    return wanted === undefined ? items : items.slice(0, wanted);
  }

  private parse<R extends ResourceName>(resource: R, call: ApiCall, value: unknown): ResourceObject<R> {
    const parsed = resourceKinds[resource].schema.safeParse(value);
    if (!parsed.success) throw this.malformed(call, parsed.error);
    return parsed.data as ResourceObject<R>;
  }

  private malformed(call: ApiCall, cause?: unknown): MeshdocError {
    return new MeshdocError(
      'unexpected_output',
      `The API server returned ${call.name ? `${call.resource} "${call.name}"` : `a list of ${call.resource}`} in a shape meshdoc does not understand.`,
      { cause },
    );
  }

  /** One GET with the per-request deadline; every failure becomes a MeshdocError. */
  private async request(call: ApiCall, path: string, query: URLSearchParams): Promise<unknown> {
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(
          new MeshdocError(
            'timeout',
            `The API server of cluster ${this.cluster} did not answer within ${this.timeoutMs} ms (${call.verb} ${call.resource}).`,
            { hint: 'The API server may be overloaded or unreachable; retry, or raise --timeout.' },
          ),
        );
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([requestKubeJson(this.kubeConfig, path, query, abort.signal), deadline]);
    } catch (error) {
      throw translateApiError(error, call, this.cluster);
    } finally {
      clearTimeout(timer);
    }
  }
}

function nameOf(item: unknown): string {
  const parsed = z.looseObject({ metadata: z.looseObject({ name: z.string() }) }).safeParse(item);
  return parsed.success ? parsed.data.metadata.name : '';
}

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
