import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

export type Obj = {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
};

export type FakeKubeApiOptions = {
  objects: Obj[];
  /** Delay before every answer (a slow API server). */
  delayMs?: number;
  /** "verb resource" pairs answered with 403, e.g. "list mutatingwebhookconfigurations". */
  forbid?: string[];
  /** Answer 401 to everything. */
  unauthorized?: boolean;
};

/**
 * A small stand-in for kube-apiserver's read paths, for unit tests and benchmarks that must
 * count requests or make the API slow. It speaks the real REST paths and Status errors, so the
 * real @kubernetes/client-node and LiveKubeReader run unchanged against it.
 */
export class FakeKubeApi {
  readonly requests: string[] = [];
  private server: Server | undefined;
  private readonly byKey = new Map<string, Obj>();
  private readonly byKind = new Map<string, Obj[]>();
  private readonly options: FakeKubeApiOptions;
  constructor(options: FakeKubeApiOptions) {
    this.options = options;
    for (const o of options.objects) this.add(o);
  }

  add(o: Obj): void {
    this.byKey.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o);
    const list = this.byKind.get(o.kind) ?? [];
    list.push(o);
    this.byKind.set(o.kind, list);
  }

  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  kubeConfig(server: string): KubeConfig {
    return kubeConfigFor(server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
    if (this.options.unauthorized) return this.status(res, 401, 'Unauthorized', 'Unauthorized');
    const route = this.route(url.pathname);
    if (!route) return this.status(res, 404, 'NotFound', `the server could not find the requested resource`);
    const { kind, resource, namespace, name } = route;
    const verb = name ? 'get' : 'list';
    if (this.options.forbid?.includes(`${verb} ${resource}`)) {
      return this.status(
        res,
        403,
        'Forbidden',
        `${resource} is forbidden: User "system:serviceaccount:meshdoc:meshdoc" cannot ${verb} resource "${resource}"`,
      );
    }
    if (name) {
      const obj = this.byKey.get(`${kind}/${namespace ?? ''}/${name}`);
      return obj
        ? this.json(res, 200, obj)
        : this.status(res, 404, 'NotFound', `${resource} "${name}" not found`);
    }
    const limit = Number(url.searchParams.get('limit') ?? 0);
    const selector = url.searchParams.get('labelSelector') ?? '';
    const wanted = selector
      .split(',')
      .filter(Boolean)
      .map((p) => p.split('='));
    let items = (this.byKind.get(kind) ?? []).filter(
      (o) => namespace === undefined || o.metadata.namespace === namespace,
    );
    items = items.filter((o) => wanted.every(([k, v]) => o.metadata.labels?.[k ?? ''] === v));
    if (limit > 0) items = items.slice(0, limit);
    return this.json(res, 200, { kind: `${kind}List`, apiVersion: 'v1', metadata: {}, items });
  }

  private route(
    path: string,
  ): { kind: string; resource: string; namespace?: string; name?: string } | undefined {
    if (path === '/version') return undefined;
    let m = path.match(
      /^\/apis\/admissionregistration\.k8s\.io\/v1\/mutatingwebhookconfigurations(?:\/([^/]+))?$/,
    );
    if (m)
      return {
        kind: 'MutatingWebhookConfiguration',
        resource: 'mutatingwebhookconfigurations',
        ...(m[1] ? { name: m[1] } : {}),
      };
    m = path.match(
      /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/(deployments|statefulsets|daemonsets)(?:\/([^/]+))?$/,
    );
    if (m)
      return {
        kind: { deployments: 'Deployment', statefulsets: 'StatefulSet', daemonsets: 'DaemonSet' }[
          m[2] as 'deployments'
        ],
        resource: m[2] ?? '',
        namespace: m[1] ?? '',
        ...(m[3] ? { name: m[3] } : {}),
      };
    m = path.match(/^\/api\/v1\/namespaces\/([^/]+)\/(pods|configmaps|services)(?:\/([^/]+))?$/);
    if (m)
      return {
        kind: { pods: 'Pod', configmaps: 'ConfigMap', services: 'Service' }[m[2] as 'pods'],
        resource: m[2] ?? '',
        namespace: m[1] ?? '',
        ...(m[3] ? { name: m[3] } : {}),
      };
    m = path.match(/^\/api\/v1\/namespaces(?:\/([^/]+))?$/);
    if (m) return { kind: 'Namespace', resource: 'namespaces', ...(m[1] ? { name: m[1] } : {}) };
    return undefined;
  }

  private json(res: ServerResponse, code: number, body: unknown): void {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private status(res: ServerResponse, code: number, reason: string, message: string): void {
    this.json(res, code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });
  }
}

/** A kubeconfig with one context, "fake-cluster", pointing at a stand-in API server. */
export function kubeConfigFor(server: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server, skipTLSVerify: true }],
    users: [{ name: 'meshdoc', token: 'test-token' }],
    contexts: [{ name: 'fake-cluster', cluster: 'fake', user: 'meshdoc' }],
    currentContext: 'fake-cluster',
  });
  return kc;
}
