// Worker-thread entry for bench/slack-ack.ts: the real createSlackApp reading a slow kube-apiserver
// through LiveKubeReader, in its own thread as it would run apart from Slack. Besides Slack's view
// it reports the bot-side ack time of each slash command: envelope or request in → ack out.
import { parentPort, workerData } from 'node:worker_threads';
import { SocketModeReceiver } from '@slack/bolt';
import { LiveKubeReader } from '../../../src/gatherers/kube/live-kube-reader.ts';
import { kubeConfigFor } from '../fake-kube-api.ts';
import { startTestApp } from './start-test-app.ts';

export type BotData = { mode: 'socket' | 'http'; apiUrl: string; kubeUrl: string };
export type BotMessage = { ready: true; eventsUrl: string | undefined } | { botAckMs: number };

const data = workerData as BotData;
const post = (message: BotMessage) => parentPort?.postMessage(message);
const reader = new LiveKubeReader({ kubeConfig: kubeConfigFor(data.kubeUrl), timeoutMs: 20_000 });
const app = await startTestApp({
  fake: { apiUrl: data.apiUrl },
  mode: data.mode,
  reader: async () => reader,
  logLevel: 'warn',
});

if (app.slack.receiver instanceof SocketModeReceiver) {
  const arrived = new Map<string, number>();
  app.slack.receiver.client.on('slack_event', (e: { envelope_id: string; type: string }) => {
    if (e.type === 'slash_commands') arrived.set(e.envelope_id, performance.now());
  });
  app.slack.receiver.client.on('outgoing_message', (m: { envelope_id: string }) => {
    const at = arrived.get(m.envelope_id);
    arrived.delete(m.envelope_id);
    if (at !== undefined) post({ botAckMs: performance.now() - at });
  });
}
app.server?.on('request', (_req, res) => {
  const at = performance.now();
  res.on('finish', () => post({ botAckMs: performance.now() - at }));
});

post({ ready: true, eventsUrl: app.eventsUrl });
parentPort?.once('message', async () => {
  await app.stop();
  process.exit(0);
});
