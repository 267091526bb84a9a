import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { fetchEnvoyAdmin } from '../../src/gatherers/envoy/fetch-envoy-admin.ts';
import { PodPortStream } from '../../src/gatherers/kube/pod-port-stream.ts';
import { PortForwardError } from '../../src/gatherers/kube/port-forward-error.ts';

// A WebSocket as PodPortStream uses one: message and close events, readyState, terminate.
class FakeSocket extends EventEmitter {
  readyState = 1; // OPEN
  terminate() {
    this.readyState = 3;
  }
  send(_frame: Buffer, callback: () => void) {
    callback();
  }
}

const target = { namespace: 'ns-1', pod: 'sidecar-1', port: 15000 };
const frame = (channel: number, text: string) =>
  Buffer.concat([Buffer.from([channel, 15000 & 0xff, 15000 >> 8]), Buffer.from(text)]);

describe('PodPortStream: the kubelet refuses the port before anyone reads the tunnel', () => {
  // The race that ended a CLI run with an uncaught PortForwardError: the tunnel opened, the caller
  // went on to load its HTTP client, and the kubelet's refusal closed the tunnel meanwhile.
  it('keeps the refusal for the caller instead of throwing it at the process', async () => {
    const ws = new FakeSocket();
    const stream = new PodPortStream(ws as never, target);
    ws.emit(
      'message',
      frame(1, 'error forwarding port 15000 to pod ns-1/sidecar-1: connection refused'),
      true,
    );
    ws.readyState = 3;
    ws.emit('close');
    // Let the stream's error event fire with nobody but the stream listening.
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.destroyed).toBe(true);
    expect(stream.errored).toBeInstanceOf(PortForwardError);

    const response = await fetchEnvoyAdmin(stream, '/config_dump', { maxBytes: 1024, timeoutMs: 1000 });
    expect(response).toMatchObject({ ok: false, reason: 'connection' });
    const error = response.ok ? undefined : 'error' in response ? response.error : undefined;
    expect(error).toBeInstanceOf(PortForwardError);
    expect(String(error?.message)).toContain('connection refused');
  });

  it('still delivers data pushed before a clean close', async () => {
    const ws = new FakeSocket();
    const stream = new PodPortStream(ws as never, target);
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => stream.on('end', resolve));
    ws.emit('message', frame(0, 'HTTP/1.1 200 OK'), true);
    ws.emit('close');
    await ended;
    expect(Buffer.concat(chunks).toString()).toBe('HTTP/1.1 200 OK');
  });
});
