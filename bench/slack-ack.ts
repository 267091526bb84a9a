// Slack's 3 s ack deadline against a slow cluster: fires concurrent `/mesh why-not-injected` at the
// real Bolt app (Socket Mode, then HTTP) while a stand-in kube-apiserver takes ~1.5 s per request,
// and measures how fast commands are acked and answered. Run: ./scripts/node24 node bench/slack-ack.ts
// The bot runs in a worker thread, apart from the Slack stand-in, as it runs apart from Slack.
import { once } from 'node:events';
import { setTimeout } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { FakeKubeApi, type Obj } from '../test/helpers/fake-kube-api.ts';
import type { BotData, BotMessage } from '../test/helpers/fake-slack/bench-bot-worker.ts';
import { FakeSlack } from '../test/helpers/fake-slack/fake-slack.ts';
import { meshManifests } from '../test/helpers/fake-slack/mesh-manifests.ts';
import { appMention, slashCommand } from '../test/helpers/fake-slack/payloads.ts';
import { postSigned } from '../test/helpers/fake-slack/sign-request.ts';

// The signing secret of start-test-app.ts, not imported so this thread loads no bot code.
const signingSecret = 'fake-signing-secret-0123456789';
const text = 'why-not-injected cart-7d9f-abcde -n shop';
const targetAckP99Ms = 100;
// What why-not-injected reads besides the mesh manifests: istiod's injector ConfigMap, so a live
// run has no "could not check" notes.
const injectorConfigMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'istio-sidecar-injector', namespace: 'istio-system' },
  data: { config: 'policy: enabled\n', values: '{"global":{"hub":"docker.io/istio","tag":"1.27.0"}}' },
};

export type Latencies = { p50: number; p95: number; p99: number; max: number };
/** ack: as the Slack stand-in saw it; botAck: inside the bot, envelope/request in → ack out. */
export type ModeFigures = { ack: Latencies; botAck: Latencies; answer: Latencies; failures: number };
export type SlackAckFigures = {
  commands: number;
  kubeDelayMs: number;
  kubeRequests: number;
  socket: ModeFigures;
  http: ModeFigures;
  /** A thread mention: until "checking …" was posted, and until it was updated with the verdict. */
  mention: { checkingMs: number; updateMs: number };
  targetAckP99Ms: number;
  pass: boolean;
};

type Bot = { eventsUrl: string; takeBotAcks(): number[]; stop(): Promise<void> };
type Send = (responseUrl: string) => Promise<number>;

export async function main(
  options: { commands?: number; kubeDelayMs?: number } = {},
): Promise<SlackAckFigures> {
  const commands = options.commands ?? 50;
  const kubeDelayMs = options.kubeDelayMs ?? 1500;
  const api = new FakeKubeApi({
    objects: [...meshManifests, injectorConfigMap] as Obj[],
    delayMs: kubeDelayMs,
  });
  const kube = { url: await api.start(), stop: () => api.stop() };
  try {
    const socket = await withBot('socket', kube.url, async (fake, bot) => {
      await fake.socket.waitForHello();
      const send: Send = async (url) =>
        (await fake.socket.send('slash_commands', slashCommand({ text, responseUrl: url }))).latencyMs;
      const figures = await warmThenBurst(fake, bot, commands, send);
      fake.state.threadExpected.add('CINCIDENT');
      const sent = performance.now();
      await fake.socket.send(
        'events_api',
        appMention({ text: `<@UMESHDOC> ${text}`, ts: '1699999000.000100', eventId: 'EvBench' }),
      );
      const checking = await fake.waitFor(() => fake.callsTo('chat.postMessage')[0], 30_000);
      const update = await fake.waitFor(() => fake.callsTo('chat.update')[0], 30_000);
      return { figures, mention: { checkingMs: checking.at - sent, updateMs: update.at - sent } };
    });
    const http = await withBot('http', kube.url, (fake, bot) =>
      warmThenBurst(fake, bot, commands, async (url) => {
        const res = await postSigned(bot.eventsUrl, signingSecret, slashCommand({ text, responseUrl: url }), {
          kind: 'command',
        });
        if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
        return res.latencyMs;
      }),
    );
    const modes = [socket.figures, http];
    const pass = modes.every((m) => m.ack.p99 < targetAckP99Ms && m.failures === 0);
    return {
      commands,
      kubeDelayMs,
      kubeRequests: api.requests.length,
      socket: socket.figures,
      http,
      mention: socket.mention,
      targetAckP99Ms,
      pass,
    };
  } finally {
    await kube.stop();
  }
}

/** Runs `body` against a fresh Slack stand-in and a bot in a worker thread. */
async function withBot<T>(
  mode: BotData['mode'],
  kubeUrl: string,
  body: (fake: FakeSlack, bot: Bot) => Promise<T>,
): Promise<T> {
  const fake = await FakeSlack.start();
  const data: BotData = { mode, apiUrl: fake.apiUrl, kubeUrl };
  const worker = new Worker(new URL('../test/helpers/fake-slack/bench-bot-worker.ts', import.meta.url), {
    workerData: data,
  });
  let botAcks: number[] = [];
  const ready = new Promise<string>((resolve) => {
    worker.on('message', (m: BotMessage) =>
      'ready' in m ? resolve(m.eventsUrl ?? '') : botAcks.push(m.botAckMs),
    );
  });
  const bot: Bot = {
    eventsUrl: await ready,
    takeBotAcks: () => botAcks.splice(0),
    stop: async () => {
      worker.postMessage('stop');
      await once(worker, 'exit');
    },
  };
  try {
    return await body(fake, bot);
  } finally {
    await bot.stop();
    botAcks = [];
    await fake.stop();
  }
}

/**
 * One unmeasured burst first (JIT, connections), as in a bot that has been running; then a quiet
 * second, as before a real burst, so the warm-up's garbage collection is not timed; then the real one.
 */
async function warmThenBurst(fake: FakeSlack, bot: Bot, n: number, send: Send): Promise<ModeFigures> {
  await burst(fake, n, send);
  await setTimeout(1000);
  bot.takeBotAcks();
  const figures = await burst(fake, n, send);
  return { ...figures, botAck: percentiles(bot.takeBotAcks()) };
}

/** Sends `n` commands at once; ack = until the stand-in got the ack, answer = until the response_url post. */
async function burst(fake: FakeSlack, n: number, send: Send): Promise<Omit<ModeFigures, 'botAck'>> {
  const urls = Array.from({ length: n }, () => fake.responseUrl());
  const started = urls.map(() => performance.now());
  const acks = await Promise.allSettled(
    urls.map((u, i) => {
      started[i] = performance.now();
      return send(u.url);
    }),
  );
  await fake
    .waitFor(() => urls.every((u) => fake.responses.postsTo(u.id).length > 0), 60_000)
    .catch(() => undefined);
  const first = (id: string) => fake.responses.postsTo(id)[0];
  const answers = urls
    .map((u, i) => (first(u.id)?.at ?? Number.NaN) - (started[i] ?? 0))
    .filter(Number.isFinite);
  const verdicts = urls.filter((u) =>
    JSON.stringify(first(u.id)?.body ?? '').includes('Not injected'),
  ).length;
  const ackMs = acks.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
  return {
    ack: percentiles(ackMs),
    answer: percentiles(answers),
    failures: n - Math.min(ackMs.length, verdicts),
  };
}

function percentiles(values: readonly number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: the smallest sample with at least p% of the samples at or below it.
  const at = (p: number) =>
    round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN);
  return { p50: at(50), p95: at(95), p99: at(99), max: round(sorted.at(-1) ?? Number.NaN) };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

export function formatFigures(f: SlackAckFigures): string {
  const cells = (values: number[], width: number) => values.map((v) => String(v).padStart(width)).join(' ');
  const row = (mode: string, m: ModeFigures) =>
    `${mode.padEnd(7)} ${cells([m.ack.p50, m.ack.p95, m.ack.p99, m.ack.max], 7)}  ${cells([m.botAck.p50, m.botAck.p99], 7)}  ${cells([m.answer.p50, m.answer.p99], 7)} ${String(m.failures).padStart(8)}`;
  return [
    `meshdoc Slack ack bench: ${f.commands} concurrent /mesh ${text}; kube API ${f.kubeDelayMs} ms per request (${f.kubeRequests} requests)`,
    `${''.padEnd(7)} ${'ack as Slack sees it'.padEnd(31)}  ${'in the bot'.padEnd(15)}  ${'answer'.padEnd(15)}`,
    `${'mode'.padEnd(7)} ${cells(['p50', 'p95', 'p99', 'max'] as never, 7)}  ${cells(['p50', 'p99'] as never, 7)}  ${cells(['p50', 'p99'] as never, 7)} failures`,
    row('socket', f.socket),
    row('http', f.http),
    `mention: "checking" in the thread after ${round(f.mention.checkingMs)} ms, updated with the verdict after ${round(f.mention.updateMs)} ms`,
    `target: ack p99 < ${f.targetAckP99Ms} ms: ${f.pass ? 'PASS' : 'FAIL'} (all times in ms)`,
  ].join('\n');
}

if (import.meta.main) {
  const figures = await main();
  console.log(formatFigures(figures));
  process.exitCode = figures.pass ? 0 : 1;
}
