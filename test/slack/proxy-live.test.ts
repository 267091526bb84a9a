import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeshdocError } from '../../src/errors.ts';
import { LiveKubeReader } from '../../src/gatherers/kube/live-kube-reader.ts';
import { slackAttachments } from '../../src/slack/slack-attachments.ts';
import { FakeEnvoyAdmin } from '../helpers/fake-envoy-admin.ts';
import { FakeKubeApi } from '../helpers/fake-kube-api.ts';
import { botToken } from '../helpers/fake-slack/fake-slack.ts';
import { appMention, slashCommand } from '../helpers/fake-slack/payloads.ts';
import { checkBlocksLikeSlack } from '../helpers/fake-slack/slack-block-rules.ts';
import { useTestApp } from '../helpers/fake-slack/use-test-app.ts';
import { proxyPod } from '../helpers/proxy-pods.ts';

// In Slack the proxy commands only read live pods (--file is refused there: the bot's disk is not
// the user's). These run the real Bolt app against the Slack stand-in, reading a pod's Envoy
// through FakeKubeApi's port-forward.

const sidecarDump = readFileSync(new URL('../fixtures/envoy/sidecar-small.json', import.meta.url));
const envoy = new FakeEnvoyAdmin({ dump: sidecarDump });
const hungEnvoy = new FakeEnvoyAdmin({ dump: sidecarDump, hang: true });
let api: FakeKubeApi;
let kubeUrl: string;

beforeAll(async () => {
  const [port, hungPort] = await Promise.all([envoy.start(), hungEnvoy.start()]);
  api = new FakeKubeApi({
    objects: [
      { kind: 'Namespace', metadata: { name: 'shop' } },
      proxyPod('web-1'),
      proxyPod('plain-1', { sidecar: false }),
      proxyPod('hung-1'),
    ],
    portForwards: { 'shop/web-1:15000': { port }, 'shop/hung-1:15000': { port: hungPort } },
  });
  kubeUrl = await api.start();
});
afterAll(async () => {
  await api.stop();
  await Promise.all([envoy.stop(), hungEnvoy.stop()]);
});
const slack = useTestApp({ threadExpected: ['CINCIDENT'] });

function liveApp(env: Record<string, string> = {}) {
  const reader = new LiveKubeReader({ kubeConfig: api.kubeConfig(kubeUrl), timeoutMs: 2000 });
  return slack.start({ reader: async () => reader, env });
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

  it('MESHDOC_PROXY_TIMEOUT_MS reaches Slack commands: a hung Envoy is given up on after it', async () => {
    // The default is 60 s, far past this test's timeout: only the configured 1 s can answer in time.
    const { fake } = await liveApp({ MESHDOC_PROXY_TIMEOUT_MS: '1000' });
    const url = fake.responseUrl();
    await fake.socket.send(
      'slash_commands',
      slashCommand({ text: 'listeners hung-1 -n shop', responseUrl: url.url }),
    );
    const answer = JSON.stringify((await fake.waitFor(() => fake.responses.postsTo(url.id)[0])).body);
    expect(answer).toContain(
      'Envoy in pod shop/hung-1 did not send its configuration within 1 s (0 bytes received)',
    );
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

describe('a dump uploaded to the thread', () => {
  const dump = readFileSync(new URL('../fixtures/envoy/sidecar-small.json', import.meta.url));

  it('@meshdoc listeners --file NAME reads the file attached to the mention', async () => {
    const { fake } = await liveApp();
    const file = fake.shareFile('config_dump.json', dump);
    await fake.socket.send(
      'events_api',
      appMention({
        text: '<@UMESHDOC> listeners --file config_dump.json --port 15006',
        ts: parent,
        eventId: 'EvFile1',
        files: [file],
      }),
    );
    const update = await fake.waitFor(() => fake.callsTo('chat.update')[0]);
    const text = JSON.stringify(update.args.blocks);
    expect(text).toContain('ADDRESSES');
    expect(text).toContain('15006');
    expect(text).toContain('attached:config_dump.json');
  });

  it('names what is attached when --file names something else, and says when nothing is', async () => {
    const { fake } = await liveApp();
    const file = fake.shareFile('dump-a.json', dump);
    await fake.socket.send(
      'events_api',
      appMention({
        text: '<@UMESHDOC> clusters --file dump-b.json',
        ts: parent,
        eventId: 'EvFile2',
        files: [file],
      }),
    );
    const first = JSON.stringify((await fake.waitFor(() => fake.callsTo('chat.update')[0])).args.blocks);
    expect(first).toContain('no file by that name is attached to this message (attached: dump-a.json)');
    await fake.socket.send(
      'events_api',
      appMention({ text: '<@UMESHDOC> clusters --file dump-b.json', ts: parent, eventId: 'EvFile3' }),
    );
    const second = JSON.stringify((await fake.waitFor(() => fake.callsTo('chat.update')[1])).args.blocks);
    expect(second).toContain('nothing is attached to this message');
  });

  it('a slash command cannot carry a file: --file is refused with what to do instead', async () => {
    const { fake, app } = await liveApp();
    const url = fake.responseUrl();
    await fake.socket.send(
      'slash_commands',
      slashCommand({ text: 'listeners --file /etc/passwd', responseUrl: url.url }),
    );
    const answer = JSON.stringify((await fake.waitFor(() => fake.responses.postsTo(url.id)[0])).body);
    expect(answer).toContain('attach the dump to an @meshdoc message');
    await fake.waitFor(() => app.audits()[0]);
    expect(app.audits()[0]).toMatchObject({ error: 'usage' });
  });

  it('without files:read Slack serves its sign-in page: the answer names the missing scope', async () => {
    const fake = await slack.startSlack();
    const file = fake.shareFile('d.json', dump);
    const error = await slackAttachments([file], 'xoxb-token-without-files-read')
      .read('d.json', 1 << 20)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshdocError);
    expect((error as MeshdocError).userMessage).toBe(
      'Slack answered with its sign-in page instead of d.json: the meshdoc app lacks the files:read scope.',
    );
    const big = await slackAttachments([file], botToken)
      .read('d.json', 1000)
      .catch((e: unknown) => e);
    expect((big as MeshdocError).userMessage).toMatch(
      /d\.json is 118\.8 KB; meshdoc reads dumps up to 1000 bytes/,
    );
  });
});
