import { describe, expect, it } from 'vitest';
import { shareClick, slashCommand } from '../helpers/fake-slack/payloads.ts';
import { checkBlocksLikeSlack } from '../helpers/fake-slack/slack-block-rules.ts';
import { useTestApp } from '../helpers/fake-slack/use-test-app.ts';

const socketApp = useTestApp().start;

type Posted = {
  response_type?: string;
  replace_original?: boolean;
  text?: string;
  blocks?: { type: string; elements?: { value?: string }[] }[];
};

describe('/mesh over Socket Mode', () => {
  it('acks before gathering, then answers once through response_url with a share button', async () => {
    const { fake, app } = await socketApp({ readerDelayMs: 2000 });
    const url = fake.responseUrl();
    const ack = await fake.socket.send(
      'slash_commands',
      slashCommand({ text: 'why-not-injected cart-7d9f-abcde -n shop', responseUrl: url.url }),
    );
    const ackedAt = performance.now();
    expect(ack.latencyMs).toBeLessThan(500);
    expect(ack.payload).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining(
        'Checking why-not-injected cart-7d9f-abcde -n shop on cluster test-cluster',
      ),
    });
    expect(checkBlocksLikeSlack((ack.payload as Posted).blocks)).toBeUndefined();
    expect(fake.responses.postsTo(url.id)).toHaveLength(0);

    const post = await fake.waitFor(() => fake.responses.postsTo(url.id)[0]);
    expect(post.at - ackedAt).toBeGreaterThan(1800);
    const body = post.body as Posted;
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(JSON.stringify(body.blocks)).toContain('Not injected');
    expect(JSON.stringify(body.blocks)).toContain('cluster `test-cluster`');
    expect(body.blocks?.at(-1)).toMatchObject({
      type: 'actions',
      elements: [{ action_id: 'meshdoc_share' }],
    });
    expect(fake.responses.postsTo(url.id)).toHaveLength(1);

    const audit = await fake.waitFor(() => app.audits()[0]);
    expect(audit).toMatchObject({
      surface: 'slash',
      user: 'UONCALL',
      channel: 'CINCIDENT',
      thread: null,
      cluster: 'test-cluster',
      command: 'why-not-injected',
      args: ['cart-7d9f-abcde', '-n', 'shop'],
      verdict: 'not-injected',
      error: null,
      overflowed: false,
    });
    expect(audit.durationMs).toBeGreaterThanOrEqual(2000);
  });

  it('shares the stored answer in the channel once, naming who shared it', async () => {
    const { fake } = await socketApp();
    const url = fake.responseUrl();
    await fake.socket.send(
      'slash_commands',
      slashCommand({ text: 'why-not-injected shop/cart-7d9f-abcde', responseUrl: url.url }),
    );
    const answer = await fake.waitFor(() => fake.responses.postsTo(url.id)[0]);
    const value = (answer.body as Posted).blocks?.at(-1)?.elements?.[0]?.value ?? '';
    expect(value.length).toBeLessThanOrEqual(2000);

    const clickUrl = fake.responseUrl();
    const ack = await fake.socket.send(
      'interactive',
      shareClick({ value, responseUrl: clickUrl.url, user: 'USHARER' }),
    );
    expect(ack.latencyMs).toBeLessThan(500);
    const shared = (await fake.waitFor(() => fake.responses.postsTo(clickUrl.id)[0])).body as Posted;
    expect(shared).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(JSON.stringify(shared.blocks)).toContain('Not injected');
    expect(JSON.stringify(shared.blocks?.at(-1))).toContain('shared by <@USHARER>');
    expect(shared.blocks?.some((b) => b.type === 'actions')).toBe(false);

    const again = fake.responseUrl();
    await fake.socket.send('interactive', shareClick({ value, responseUrl: again.url }));
    const second = (await fake.waitFor(() => fake.responses.postsTo(again.id)[0])).body as Posted;
    expect(second).toMatchObject({ response_type: 'ephemeral' });
    expect(second.text).toContain('can no longer be shared');
  });

  it.each([
    ['an unknown command', 'frobnicate pods', 'Unknown command \\"frobnicate\\"'],
    ['shell metacharacters', 'why-not-injected cart;rm -rf /', 'contains \\";\\"'],
    ['a 10 kB argument', `why-not-injected ${'a'.repeat(10_000)}`, 'the limit is 1000'],
  ])(
    'answers %s in the ack, ephemerally, with the usage line, and runs nothing',
    async (_name, text, expected) => {
      const { fake, app } = await socketApp();
      const url = fake.responseUrl();
      const ack = await fake.socket.send('slash_commands', slashCommand({ text, responseUrl: url.url }));
      const payload = ack.payload as Posted;
      expect(payload.response_type).toBe('ephemeral');
      expect(JSON.stringify(payload.blocks)).toContain(expected);
      expect(JSON.stringify(payload.blocks)).toContain('*Usage:*');
      expect(JSON.stringify(payload.blocks)).toContain('/mesh &lt;command&gt; [args]');
      expect(checkBlocksLikeSlack(payload.blocks)).toBeUndefined();
      await fake.waitFor(() => app.audits()[0]);
      expect(app.audits()[0]).toMatchObject({ error: 'usage', verdict: null });
      expect(app.readerRequests).toEqual([]);
      expect(fake.responses.posts).toEqual([]);
      expect(fake.calls.map((c) => c.method)).toEqual(['auth.test', 'apps.connections.open']);
    },
  );

  it('answers option errors (--from is CLI-only) through response_url with the command usage', async () => {
    const { fake, app } = await socketApp();
    const url = fake.responseUrl();
    await fake.socket.send(
      'slash_commands',
      slashCommand({ text: 'why-not-injected cart --from /etc', responseUrl: url.url }),
    );
    const body = (await fake.waitFor(() => fake.responses.postsTo(url.id)[0])).body as Posted;
    expect(JSON.stringify(body.blocks)).toContain('works in the CLI only');
    expect(JSON.stringify(body.blocks)).toContain('/mesh why-not-injected &lt;pod&gt;');
    expect(body.blocks?.some((b) => b.type === 'actions')).toBe(false);
    expect(app.readerRequests).toEqual([]);
  });

  it('empty /mesh shows help, naming the channel cluster', async () => {
    const { fake } = await socketApp();
    const url = fake.responseUrl();
    await fake.socket.send('slash_commands', slashCommand({ text: '  ', responseUrl: url.url }));
    const body = (await fake.waitFor(() => fake.responses.postsTo(url.id)[0])).body as Posted;
    expect(JSON.stringify(body.blocks)).toContain('why-not-injected');
    expect(JSON.stringify(body.blocks)).toContain('cluster `test-cluster`');
  });

  it('keeps acking after Slack asks for a reconnect', async () => {
    const { fake } = await socketApp();
    fake.socket.disconnect('refresh_requested');
    await fake.socket.waitForHello(2);
    await fake.waitFor(() => fake.socket.connections === 1);
    const url = fake.responseUrl();
    const ack = await fake.socket.send(
      'slash_commands',
      slashCommand({ text: 'help', responseUrl: url.url }),
    );
    expect(ack.latencyMs).toBeLessThan(500);
    await fake.waitFor(() => fake.responses.postsTo(url.id)[0]);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(2);
  });
});
