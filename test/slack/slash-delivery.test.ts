import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { bigReportCommand } from '../helpers/fake-slack/big-report-command.ts';
import type { FakeSlack } from '../helpers/fake-slack/fake-slack.ts';
import { slashCommand } from '../helpers/fake-slack/payloads.ts';
import { useTestApp } from '../helpers/fake-slack/use-test-app.ts';

const socketApp = useTestApp().start;

async function run(fake: FakeSlack, text: string, channel = 'CINCIDENT') {
  const url = fake.responseUrl();
  const ack = await fake.socket.send('slash_commands', slashCommand({ text, responseUrl: url.url, channel }));
  const post = await fake.waitFor(() => fake.responses.postsTo(url.id)[0]);
  return { ack, body: JSON.stringify(post.body), url };
}

describe('/mesh delivery details', () => {
  it('uploads the full text of a long answer to the channel and says so in the message', async () => {
    const { fake, app } = await socketApp({ registry: [...commands, bigReportCommand(300)] });
    const { body } = await run(fake, 'big-table pod-1');
    expect(body).toMatch(/\d+ more rows of Listeners are in the attached file `meshdoc-big-table-pod-1.txt`/);
    const full = fake.files.find((f) => f.filename === 'meshdoc-big-table-pod-1.txt');
    expect(full).toMatchObject({ channel: 'CINCIDENT', threadTs: undefined });
    expect(full?.content).toContain('svc-299.shop.svc.cluster.local');
    expect(await fake.waitFor(() => app.audits()[0])).toMatchObject({ overflowed: true, error: null });
  });

  it('says so in the ephemeral answer when the files cannot go to the channel', async () => {
    const { fake, app } = await socketApp({ registry: [...commands, bigReportCommand(300)] });
    fake.state.notInChannel.add('CPRIVATE');
    const { body } = await run(fake, 'big-table pod-1', 'CPRIVATE');
    expect(body).toContain('could not be uploaded');
    expect(body).toContain('meshdoc is not a member of this channel');
    expect(body).toContain('/invite @meshdoc');
    expect(fake.files).toEqual([]);
    expect(await fake.waitFor(() => app.audits()[0])).toMatchObject({
      error: 'upload:not_in_channel',
      overflowed: true,
    });
  });

  it('attaches the JSON contract for -o json', async () => {
    const { fake } = await socketApp();
    await run(fake, 'why-not-injected cart-7d9f-abcde -n shop -o json');
    const file = await fake.waitFor(() => fake.files[0]);
    expect(file.filename).toBe('meshdoc-why-not-injected-shop-cart-7d9f-abcde.json');
    expect(JSON.parse(file.content)).toMatchObject({
      schemaVersion: 1,
      verdict: 'not-injected',
      cluster: 'test-cluster',
    });
  });

  it('falls back to chat.postEphemeral when the response_url is refused', async () => {
    const { fake, app } = await socketApp({ readerDelayMs: 200 });
    const url = fake.responseUrl();
    const ack = fake.socket.send('slash_commands', slashCommand({ text: 'help', responseUrl: url.url }));
    await ack;
    fake.clock.offsetMs = 31 * 60_000; // the command took longer than response_url lives
    const ephemeral = await fake.waitFor(() => fake.callsTo('chat.postEphemeral')[0]);
    expect(ephemeral.args).toMatchObject({ channel: 'CINCIDENT', user: 'UONCALL' });
    expect(JSON.stringify(ephemeral.args.blocks)).toContain('Commands');
    expect(await fake.waitFor(() => app.audits()[0])).toMatchObject({
      error: null,
      delivery: 'delivered',
      route: 'ephemeral',
      attempts: ['response_url:http_404:expired_url', 'ephemeral:ok'],
    });
  });
});

describe('/mesh failures', () => {
  it('answers an unexpected error with a generic message and a reference found in the log', async () => {
    const { fake, app } = await socketApp({
      reader: () => Promise.reject(new RangeError('kaboom in /srv/secret')),
    });
    const { body } = await run(fake, 'why-not-injected cart -n shop');
    expect(body).toContain('internal error');
    expect(body).not.toContain('kaboom');
    expect(body).not.toContain('meshdoc_share');
    const reference = /reference `([0-9a-f]{8})`/.exec(body)?.[1];
    expect(reference).toBeDefined();
    expect(
      app.logs.some((l) => l.reference === reference && JSON.stringify(l).includes('kaboom in /srv/secret')),
    ).toBe(true);
    // The process is fine: the next command is answered.
    expect((await run(fake, 'help')).body).toContain('Commands');
  });
});

describe('channel → cluster binding', () => {
  it('answers from the bound context and names it in the ack', async () => {
    const { fake, app } = await socketApp({ channelBindings: { CPROD: 'prod-eu' } });
    const { ack } = await run(fake, 'why-not-injected cart-7d9f-abcde -n shop', 'CPROD');
    expect(JSON.stringify(ack.payload)).toContain('on cluster `prod-eu`');
    expect(app.readerRequests).toEqual(['prod-eu']);
  });

  it('refuses another --context in a bound channel before running anything', async () => {
    const { fake, app } = await socketApp({ channelBindings: { CPROD: 'prod-eu' } });
    const url = fake.responseUrl();
    const ack = await fake.socket.send(
      'slash_commands',
      slashCommand({
        text: 'why-not-injected cart -n shop --context staging',
        responseUrl: url.url,
        channel: 'CPROD',
      }),
    );
    expect(JSON.stringify(ack.payload)).toContain('answers for cluster context \\"prod-eu\\" only');
    expect(app.readerRequests).toEqual([]);
  });

  it('passes --context through in unbound channels', async () => {
    const { fake, app } = await socketApp();
    await run(fake, 'why-not-injected cart-7d9f-abcde -n shop --context staging');
    expect(app.readerRequests).toEqual(['staging']);
  });
});
