import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Fault, FaultBook, type FaultPlan } from './faults.ts';
import { parseArgs, readBody, uploadedBytes } from './read-body.ts';
import { ResponseUrls } from './response-urls.ts';
import { SocketModeStandIn } from './socket-mode-stand-in.ts';
import {
  type StoredFile,
  type StoredMessage,
  type WorkspaceState,
  webApiMethods,
} from './web-api-methods.ts';

export type RecordedCall = {
  method: string;
  args: Record<string, unknown>;
  result: Record<string, unknown>;
  status: number;
  at: number;
};

export const botToken = 'xoxb-fake-bot-token';
export const appToken = 'xapp-fake-app-token';

/**
 * A local stand-in for Slack: the Web API methods meshdoc calls (pointed at with
 * clientOptions.slackApiUrl), the upload URLs of files.uploadV2, response_url endpoints and the
 * Socket Mode WebSocket. It records every call and refuses what real Slack refuses.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly socket = new SocketModeStandIn();
  readonly responses: ResponseUrls;
  readonly state: WorkspaceState;
  /** Clock for response_url expiry; tests move it forward. */
  clock = { offsetMs: 0 };
  private readonly server: Server;
  private readonly rateLimits = new Map<string, { times: number; retryAfterSeconds: number }>();
  private readonly faults = new FaultBook();
  /** Every request to a response_url, with what the stand-in did (`ok`, `http_429`, `hang`, …). */
  readonly responseAttempts: { id: string; result: string; at: number }[] = [];
  /** Files people shared in messages, served at url_private_download to the bot token only. */
  private readonly shared = new Map<string, Buffer>();
  private counter = 0;

  private constructor() {
    this.responses = new ResponseUrls(() => Date.now() + this.clock.offsetMs);
    this.state = {
      baseUrl: '',
      messages: new Map(),
      files: [],
      uploads: new Map(),
      notInChannel: new Set(),
      threadExpected: new Set(),
      nextTs: () => `1700000000.${String(++this.counter).padStart(6, '0')}`,
      nextId: (prefix) => `${prefix}${String(++this.counter).padStart(8, '0')}`,
    };
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    this.server.on('upgrade', (req, socket, head) => this.socket.handleUpgrade(req, socket, head));
  }

  static async start(): Promise<FakeSlack> {
    const fake = new FakeSlack();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.state.baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /**
   * A file a person uploaded with their message, as Slack puts it in the event's `files` array.
   * Downloading it needs `Authorization: Bearer <bot token>`; without it Slack answers with its
   * HTML sign-in page (status 200), which is what a missing files:read scope looks like too.
   */
  shareFile(name: string, content: Buffer): Record<string, unknown> {
    const id = this.state.nextId('F');
    this.shared.set(id, content);
    const url = `${this.state.baseUrl}/files-pri/TFAKE-${id}/download/${encodeURIComponent(name)}`;
    return {
      id,
      name,
      title: name,
      mimetype: 'application/json',
      filetype: 'json',
      size: content.length,
      url_private: url,
      url_private_download: url,
    };
  }

  get apiUrl(): string {
    return `${this.state.baseUrl}/api/`;
  }

  /** A fresh response_url, as Slack puts in each slash command and interaction. */
  responseUrl(): { id: string; url: string } {
    const id = this.responses.issue();
    return { id, url: `${this.state.baseUrl}/response/${id}` };
  }

  /** The next `times` calls to `method` get HTTP 429 with Retry-After. */
  rateLimit(method: string, times: number, retryAfterSeconds: number): void {
    this.rateLimits.set(method, { times, retryAfterSeconds });
  }

  /**
   * From now on, calls to `method` (a Web API method, keyed by channel) or to response_urls
   * (`'response_url'`, keyed by URL id) follow `plan`; undefined removes it.
   */
  fault(target: string, plan: FaultPlan | undefined): void {
    this.faults.set(target, plan);
  }

  /** A message that already exists (e.g. the parent and a reply of an incident thread). */
  seedMessage(channel: string, ts: string, threadTs?: string): void {
    this.state.messages.set(`${channel}:${ts}`, {
      channel,
      ts,
      threadTs,
      text: 'seeded',
      blocks: undefined,
      versions: 1,
    });
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.state.messages.get(`${channel}:${ts}`);
  }

  get files(): StoredFile[] {
    return this.state.files;
  }

  /** Polls until `check` returns something truthy; for asserting on work that follows an ack. */
  async waitFor<T>(check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (performance.now() > deadline)
        throw new Error(`fake Slack: condition not met within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async stop(): Promise<void> {
    this.socket.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.state.baseUrl);
    const body = await readBody(req);
    const contentType = req.headers['content-type'];
    const [, area, name] = url.pathname.split('/');
    if (area === 'response' && name) {
      const fault = this.faults.next('response_url', name);
      if (fault) {
        this.responseAttempts.push({ id: name, result: faultName(fault), at: performance.now() });
        return this.answerFault(fault, res);
      }
      const verdict = this.responses.post(
        name,
        JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>,
      );
      this.responseAttempts.push({
        id: name,
        result: verdict.status === 200 ? 'ok' : `http_${verdict.status}`,
        at: performance.now(),
      });
      res.writeHead(verdict.status, { 'content-type': 'text/plain' }).end(verdict.body);
      return;
    }
    if (area === 'upload' && name) {
      const upload = this.state.uploads.get(name);
      if (!upload) return void res.writeHead(404).end('no such upload');
      upload.bytes = await uploadedBytes(body, contentType);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${upload.bytes.length}`);
      return;
    }
    if (area === 'files-pri' && name) {
      const content = this.shared.get(name.replace(/^TFAKE-/, ''));
      if (!content) return void res.writeHead(404).end('file_not_found');
      if (req.headers.authorization !== `Bearer ${botToken}`) {
        res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end('<!DOCTYPE html><html><title>Sign in | Slack</title></html>');
        return;
      }
      res
        .writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': String(content.length),
        })
        .end(content);
      return;
    }
    if (area !== 'api' || !name) return void res.writeHead(404).end();
    this.api(name, parseArgs(body, contentType), req.headers.authorization, res);
  }

  private api(
    method: string,
    args: Record<string, unknown>,
    authorization: string | undefined,
    res: ServerResponse,
  ): void {
    const limit = this.rateLimits.get(method);
    let status = 200;
    let result: Record<string, unknown>;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const fault = this.faults.next(method, String(args.channel ?? args.channel_id ?? ''));
    if (fault) {
      this.calls.push({
        method,
        args,
        result: { ok: false, fault: faultName(fault) },
        status: 0,
        at: performance.now(),
      });
      if ('error' in fault) {
        return void res.writeHead(200, headers).end(JSON.stringify({ ok: false, error: fault.error }));
      }
      this.answerFault(fault, res);
      return;
    }
    if (limit && limit.times > 0) {
      limit.times -= 1;
      status = 429;
      headers['retry-after'] = String(limit.retryAfterSeconds);
      result = { ok: false, error: 'ratelimited' };
    } else {
      result = this.authorize(
        method,
        authorization ?? (typeof args.token === 'string' ? `Bearer ${args.token}` : undefined),
      ) ??
        webApiMethods[method]?.(args, this.state) ?? { ok: false, error: 'unknown_method' };
    }
    this.calls.push({ method, args, result, status, at: performance.now() });
    res.writeHead(status, headers).end(JSON.stringify(result));
  }

  /** An HTTP-level fault: a status (429 with Retry-After), or a hang, never answered. */
  private answerFault(fault: Fault, res: ServerResponse): void {
    if ('hang' in fault) return;
    if ('error' in fault) return void res.writeHead(200).end(fault.error);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (fault.status === 429) headers['retry-after'] = String(fault.retryAfterSeconds);
    res
      .writeHead(fault.status, headers)
      .end(JSON.stringify({ ok: false, error: fault.status === 429 ? 'ratelimited' : 'internal_error' }));
  }

  /** Bot methods want the bot token, apps.connections.open the app-level token, as in Slack. */
  private authorize(method: string, authorization: string | undefined): Record<string, unknown> | undefined {
    const token = authorization?.replace(/^Bearer /, '');
    if (!token) return { ok: false, error: 'not_authed' };
    const wanted = method === 'apps.connections.open' ? appToken : botToken;
    if (token === wanted) {
      if (method === 'apps.connections.open')
        return {
          ok: true,
          url: `${this.state.baseUrl.replace('http', 'ws')}/link/?ticket=${++this.counter}`,
        };
      return undefined;
    }
    if (method === 'apps.connections.open' && token.startsWith('xoxb-'))
      return { ok: false, error: 'not_allowed_token_type' };
    return { ok: false, error: 'invalid_auth' };
  }
}

function faultName(fault: Fault): string {
  if ('hang' in fault) return 'hang';
  if ('error' in fault) return fault.error;
  return `http_${fault.status}`;
}
