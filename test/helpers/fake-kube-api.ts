import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { KubeConfig } from '../../src/gatherers/kube/kube-config.ts';
import { resourceKinds } from '../../src/kube/resource-kinds.ts';

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
  /** Plural resources answered 404 as if their CRD were not installed, e.g. "canaries". */
  unserved?: string[];
  /** Answer 401 to everything. */
  unauthorized?: boolean;
  /**
   * Where `pods/portforward` goes, per "namespace/pod:port": a local TCP port to tunnel to, or the
   * message a kubelet puts on the error channel. Unlisted targets get the kubelet's "connection
   * refused" error.
   */
  portForwards?: Record<string, { port: number } | { kubeletError: string }>;
};

/**
 * A small stand-in for kube-apiserver's read paths, for unit tests and benchmarks that must
 * count requests or make the API slow. It speaks the real REST paths and Status errors, so the
 * real @kubernetes/client-node and LiveKubeReader run unchanged against it.
 */
export class FakeKubeApi {
  readonly requests: string[] = [];
  /** The headers of every plain request, in order (what credentials arrived). */
  readonly headers: IncomingMessage['headers'][] = [];
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
    const wss = new WebSocketServer({
      noServer: true,
      handleProtocols: (offered) => (offered.has(v4) ? v4 : false),
    });
    server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      this.requests.push(`GET ${url.pathname}${url.search} (upgrade)`);
      const m = url.pathname.match(/^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/);
      const refuse = (code: number, message: string) => {
        const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code });
        socket.end(
          `HTTP/1.1 ${code} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      };
      if (!m) return refuse(404, 'the server could not find the requested resource');
      const [, namespace = '', pod = ''] = m;
      if (this.options.forbid?.includes('get pods/portforward')) {
        return refuse(
          403,
          `pods "${pod}" is forbidden: User "system:serviceaccount:meshdoc:meshdoc" cannot get resource "pods/portforward" in API group "" in the namespace "${namespace}"`,
        );
      }
      if (!this.byKey.has(`Pod/${namespace}/${pod}`)) return refuse(404, `pods "${pod}" not found`);
      const port = Number(url.searchParams.get('ports'));
      wss.handleUpgrade(req, socket, head, (ws) => this.forward(ws, `${namespace}/${pod}:${port}`, port));
    });
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

  /** The kubelet's side of v4.channel.k8s.io: port prefixes, then data on 0 and errors on 1. */
  private forward(ws: WebSocket, key: string, port: number): void {
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16LE(port);
    const frame = (channel: number, payload: Buffer) => Buffer.concat([Buffer.from([channel]), payload]);
    ws.send(frame(0, prefix));
    ws.send(frame(1, prefix));
    const rule = this.options.portForwards?.[key];
    const fail = (message: string) => {
      ws.send(frame(1, Buffer.from(message)));
      ws.close();
    };
    if (!rule) {
      fail(`error forwarding port ${port} to pod ${key}: connection refused`);
      return;
    }
    if ('kubeletError' in rule) {
      fail(rule.kubeletError);
      return;
    }
    const tcp = connect(rule.port, '127.0.0.1');
    tcp.on('data', (chunk: Buffer) => ws.send(frame(0, chunk)));
    tcp.on('end', () => ws.close());
    tcp.on('error', (error) => fail(`error forwarding port ${port} to pod ${key}: ${error.message}`));
    ws.on('message', (data: Buffer) => {
      if (data[0] === 0) tcp.write(data.subarray(1));
    });
    ws.on('close', () => tcp.destroy());
  }

  kubeConfig(server: string): KubeConfig {
    return kubeConfigFor(server);
  }

  /** The same kubeconfig as a file's text, for tests that go through the CLI's kubeconfig loading. */
  kubeconfigText(server: string): string {
    return kubeconfigTextFor(server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    this.headers.push(req.headers);
    if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
    if (this.options.unauthorized) return this.status(res, 401, 'Unauthorized', 'Unauthorized');
    if (url.pathname === '/version')
      return this.json(res, 200, {
        major: '1',
        minor: '34',
        gitVersion: 'v1.34.10-fake',
        platform: 'linux/amd64',
      });
    const route = this.route(url.pathname);
    if (!route) return this.status(res, 404, 'NotFound', `the server could not find the requested resource`);
    const { kind, resource, namespace, name } = route;
    if (this.options.unserved?.includes(resource))
      return this.status(res, 404, 'NotFound', 'the server could not find the requested resource');
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
    // Pages as kube-apiserver does: `limit` objects, and a `continue` token while more remain.
    const offset = Number(url.searchParams.get('continue') ?? 0);
    const end = limit > 0 ? offset + limit : items.length;
    const metadata = end < items.length ? { continue: String(end) } : {};
    items = items.slice(offset, end);
    return this.json(res, 200, { kind: `${kind}List`, apiVersion: 'v1', metadata, items });
  }

  /** Any resource of meshdoc's table, at its real REST path (core `/api/v1`, groups `/apis/g/v`). */
  private route(
    path: string,
  ): { kind: string; resource: string; namespace?: string; name?: string } | undefined {
    const m = path.match(
      /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+)(?=\/))?\/([^/]+)(?:\/([^/]+))?$/,
    );
    if (!m) return undefined;
    const [, coreVersion, group = '', version = coreVersion, namespace, plural, name] = m;
    const row = Object.values(resourceKinds).find(
      (r) => r.plural === plural && r.group === group && r.version === version,
    );
    if (!row || (!row.namespaced && namespace !== undefined)) return undefined;
    return {
      kind: row.kind,
      resource: plural ?? '',
      ...(namespace !== undefined ? { namespace } : {}),
      ...(name ? { name } : {}),
    };
  }

  private json(res: ServerResponse, code: number, body: unknown): void {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private status(res: ServerResponse, code: number, reason: string, message: string): void {
    this.json(res, code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });
  }
}

const v4 = 'v4.channel.k8s.io';

/** kubeConfigFor's kubeconfig as kubectl would write it (JSON is YAML too). */
export function kubeconfigTextFor(server: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'meshdoc', user: { token: 'test-token' } }],
    contexts: [{ name: 'fake-cluster', context: { cluster: 'fake', user: 'meshdoc' } }],
    'current-context': 'fake-cluster',
  });
}

/** A kubeconfig with one context, "fake-cluster", pointing at a stand-in API server. */
export function kubeConfigFor(server: string): KubeConfig {
  return {
    context: 'fake-cluster',
    contexts: ['fake-cluster'],
    cluster: { name: 'fake', server, insecureSkipTlsVerify: true },
    user: { name: 'meshdoc', token: 'test-token' },
    env: {},
  };
}
