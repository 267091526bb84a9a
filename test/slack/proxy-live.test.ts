import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LiveKubeReader } from '../../src/gatherers/kube/live-kube-reader.ts';
import { FakeEnvoyAdmin } from '../helpers/fake-envoy-admin.ts';
import { FakeKubeApi } from '../helpers/fake-kube-api.ts';
import { FakeSlack } from '../helpers/fake-slack/fake-slack.ts';
import { appMention, slashCommand } from '../helpers/fake-slack/payloads.ts';
import { checkBlocksLikeSlack } from '../helpers/fake-slack/slack-block-rules.ts';
import { startTestApp, type TestApp } from '../helpers/fake-slack/start-test-app.ts';
import { proxyPod } from '../helpers/proxy-pods.ts';

// In Slack the proxy commands only read live pods (--file is refused there: the bot's disk is not
// the user's). These run the real Bolt app against the Slack stand-in, reading a pod's Envoy
// through FakeKubeApi's port-forward.

const envoy = new FakeEnvoyAdmin({
  dump: readFileSync(new URL('../fixtures/envoy/sidecar-small.json', import.meta.url)),
});
let api: FakeKubeApi;
let kubeUrl: string;
let fake: FakeSlack | undefined;
let app: TestApp | undefined;

beforeAll(async () => {
  const port = await envoy.start();
  api = new FakeKubeApi({
    objects: [
      { kind: 'Namespace', metadata: { name: 'shop' } },
      proxyPod('web-1'),
      proxyPod('plain-1', { sidecar: false }),
    ],
    portForwards: { 'shop/web-1:15000': { port } },
  });
  kubeUrl = await api.start();
});
afterAll(async () => {
  await api.stop();
  await envoy.stop();
});
afterEach(async () => {
  await app?.stop();
  await fake?.stop();
  app = fake = undefined;
});

async function liveApp() {
  fake = await FakeSlack.start();
  fake.state.threadExpected.add('CINCIDENT');
  const reader = new LiveKubeReader({ kubeConfig: api.kubeConfig(kubeUrl), timeoutMs: 2000 });
  app = await startTestApp({ fake, mode: 'socket', reader: async () => reader });
  return { fake, app };
}

const parent = '1699999000.000100';

describe('proxy commands in Slack, live', () => {
  it('/mesh listeners <pod> answers with the table through response_url', async () => {
    const { fake } = await liveApp();
    const url = fake.responseUrl();
    await fake.socket.send(
      'slash_commands',
      slashCommand({ text: 'listeners web-1 -n shop', responseUrl: url.url }),
    );
    const answer = (await fake.waitFor(() => fake.responses.postsTo(url.id)[0])).body as {
      blocks?: unknown[];
    };
    const text = JSON.stringify(answer.blocks);
    expect(text).toContain('ADDRESSES');
    expect(text).toContain('shop/web-1');
    expect(checkBlocksLikeSlack(answer.blocks as never)).toBeUndefined();
  });

  it('@meshdoc config-dump <pod> updates the thread message and attaches the redacted dump there', async () => {
    const { fake } = await liveApp();
    await fake.socket.send(
      'events_api',
      appMention({ text: '<@UMESHDOC> config-dump shop/web-1', ts: parent, eventId: 'EvLive1' }),
    );
    const update = await fake.waitFor(() => fake.callsTo('chat.update')[0]);
    expect(update.result.ok).toBe(true);
    expect(JSON.stringify(update.args.blocks)).toMatch(/listeners/i);
    const dump = await fake.waitFor(() => fake.files.find((f) => f.filename.endsWith('.json')));
    expect(dump).toMatchObject({ channel: 'CINCIDENT', threadTs: parent });
    expect(dump.content).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    expect(JSON.parse(dump.content).configs.length).toBeGreaterThan(3);
  });

  it('a pod without a sidecar gets the reason and the next command, not a stack trace', async () => {
    const { fake } = await liveApp();
    const url = fake.responseUrl();
    await fake.socket.send(
      'slash_commands',
      slashCommand({ text: 'routes shop/plain-1', responseUrl: url.url }),
    );
    const answer = JSON.stringify((await fake.waitFor(() => fake.responses.postsTo(url.id)[0])).body);
    expect(answer).toContain('Pod shop/plain-1 has no Envoy sidecar');
    expect(answer).toContain('why-not-injected shop/plain-1');
  });
});
