import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

export type EnvelopeType = 'slash_commands' | 'events_api' | 'interactive';
export type Ack = { envelopeId: string; type: EnvelopeType; payload: unknown; latencyMs: number };

/** Slack's own deadline for acknowledging an envelope. */
export const ackDeadlineMs = 3000;

/**
 * Slack's Socket Mode side: says hello to each new connection, delivers envelopes to the newest
 * one, and insists that each is acked by envelope_id within 3 s. Pings like Slack does, so the
 * client's server-ping watchdog (30 s) stays quiet in long runs.
 */
export class SocketModeStandIn {
  readonly acks: Ack[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets: WebSocket[] = [];
  private readonly pending = new Map<
    string,
    {
      type: EnvelopeType;
      sent: number;
      resolve: (a: Ack) => void;
      reject: (e: Error) => void;
      timer: NodeJS.Timeout;
    }
  >();
  private hellos = 0;
  private helloWaiters: { count: number; resolve: () => void }[] = [];
  private readonly pinger = setInterval(() => {
    for (const s of this.sockets) if (s.readyState === s.OPEN) s.ping();
  }, 10_000).unref();

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.sockets.push(ws);
      ws.on('message', (data) => this.onMessage(String(data)));
      ws.on('close', () => this.sockets.splice(this.sockets.indexOf(ws), 1));
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: this.sockets.length,
          debug_info: { host: 'fake-slack', approximate_connection_time: 18060 },
          connection_info: { app_id: 'AMESHDOC' },
        }),
      );
      this.hellos += 1;
      const due = this.helloWaiters.filter((w) => w.count <= this.hellos);
      this.helloWaiters = this.helloWaiters.filter((w) => w.count > this.hellos);
      for (const w of due) w.resolve();
    });
  }

  /** Resolves once `count` connections in total have been greeted (reconnects count too). */
  waitForHello(count = 1): Promise<void> {
    if (this.hellos >= count) return Promise.resolve();
    return new Promise((resolve) => this.helloWaiters.push({ count, resolve }));
  }

  get connections(): number {
    return this.sockets.length;
  }

  /** Delivers one envelope; resolves with the ack, rejects if none comes within 3 s. */
  send(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ): Promise<Ack> {
    const socket = this.sockets.at(-1);
    if (!socket) return Promise.reject(new Error('no Socket Mode connection'));
    const envelopeId = randomUUID();
    const sent = performance.now();
    const acked = new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`envelope ${envelopeId} (${type}) was not acked within ${ackDeadlineMs} ms`));
      }, ackDeadlineMs);
      this.pending.set(envelopeId, { type, sent, resolve, reject, timer });
    });
    const envelope = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      ...extra,
    };
    socket.send(JSON.stringify(envelope));
    return acked;
  }

  /** Asks the client to reconnect, as Slack does when it recycles a connection. */
  disconnect(reason: 'refresh_requested' | 'warning' | 'too_many_websockets' = 'refresh_requested'): void {
    this.sockets
      .at(-1)
      ?.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }));
  }

  close(): void {
    clearInterval(this.pinger);
    for (const p of this.pending.values()) clearTimeout(p.timer);
    for (const s of this.sockets) s.terminate();
    this.wss.close();
  }

  private onMessage(data: string): void {
    const message = JSON.parse(data) as { envelope_id?: string; payload?: unknown };
    const pending = message.envelope_id ? this.pending.get(message.envelope_id) : undefined;
    if (!pending || !message.envelope_id) return;
    clearTimeout(pending.timer);
    this.pending.delete(message.envelope_id);
    const ack = {
      envelopeId: message.envelope_id,
      type: pending.type,
      payload: message.payload,
      latencyMs: performance.now() - pending.sent,
    };
    this.acks.push(ack);
    pending.resolve(ack);
  }
}
