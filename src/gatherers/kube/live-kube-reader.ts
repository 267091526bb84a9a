import * as z from 'zod/mini';
import { MeshdocError, NotServedError } from '../../errors.ts';
import type { KubeReader, ListOptions, RejectedObject } from '../../kube/kube-reader.ts';
import {
  qualifiedResource,
  type ResourceName,
  type ResourceObject,
  resourceKinds,
  resourcePath,
} from '../../kube/resource-kinds.ts';
import { clusterLabel, type KubeConfig } from './kube-config.ts';
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
const NamedSchema = z.looseObject({ metadata: z.looseObject({ name: z.string() }) });

const ListPageSchema = z.looseObject({
  metadata: z.nullish(z.looseObject({ continue: z.nullish(z.string()) })),
  items: z.nullish(z.array(z.unknown())),
});

/** Reads objects from a live API server: one generic GET path for every resource in the table. */
export class LiveKubeReader implements KubeReader {
  readonly cluster: string;
  readonly kubectl: string;
  private readonly timeoutMs: number;
  private readonly kubeConfig: KubeConfig;
  private readonly pageSize: number;
  private readonly maxListItems: number;
  private readonly left: RejectedObject[] = [];

  constructor({ kubeConfig, timeoutMs, pageSize, maxListItems }: LiveKubeReaderOptions) {
    const context = kubeConfig.context;
    this.cluster = clusterLabel(kubeConfig);
    this.kubectl = context ? `kubectl --context ${context}` : 'kubectl';
    this.timeoutMs = timeoutMs;
    this.kubeConfig = kubeConfig;
    this.pageSize = pageSize ?? defaultPageSize;
    this.maxListItems = maxListItems ?? defaultMaxListItems;
  }

  async openPodPort(namespace: string, pod: string, port: number) {
    // ws is loaded only by the commands that read a proxy, not by every live command.
    const { openPodPortStream } = await import('./pod-port-stream.ts');
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
    if (!options.skipInvalid) return items.map((item) => this.parse(resource, call, item));
    return items.flatMap((item) => {
      const parsed = resourceKinds[resource].schema.safeParse(item);
      if (parsed.success) return [parsed.data as ResourceObject<R>];
      const issue = parsed.error.issues[0];
      const meta = (item as { metadata?: { name?: unknown; namespace?: unknown } }).metadata;
      this.left.push({
        kind: resourceKinds[resource].kind,
        namespace: typeof meta?.namespace === 'string' ? meta.namespace : undefined,
        name: typeof meta?.name === 'string' ? meta.name : '(unnamed)',
        why: `${issue?.path.join('.') ?? ''} ${issue?.message ?? 'does not match the schema'}`.trim(),
      });
      return [];
    });
  }

  rejected(): readonly RejectedObject[] {
    return this.left;
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
            {
              hint: 'The API server may be overloaded or unreachable; retry, or raise MESHDOC_KUBE_TIMEOUT_MS.',
            },
          ),
        );
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([
        requestKubeJson(this.kubeConfig, path, query, abort.signal, this.timeoutMs),
        deadline,
      ]);
    } catch (error) {
      throw translateApiError(error, call, this.cluster);
    } finally {
      clearTimeout(timer);
    }
  }
}

function nameOf(item: unknown): string {
  const parsed = NamedSchema.safeParse(item);
  return parsed.success ? parsed.data.metadata.name : '';
}
