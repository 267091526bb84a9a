import { describe, expect, it } from 'vitest';
import { appMention, shareClick, slashCommand } from '../helpers/fake-slack/payloads.ts';
import { postSigned } from '../helpers/fake-slack/sign-request.ts';
import { signingSecret } from '../helpers/fake-slack/start-test-app.ts';
import { useTestApp } from '../helpers/fake-slack/use-test-app.ts';

const slack = useTestApp({ mode: 'http' });
const httpApp = (readerDelayMs = 0) => slack.start({ readerDelayMs });

describe('HTTP mode (Bolt HTTPReceiver, signed requests)', () => {
  it('acks a signed slash command with 200 before gathering, then answers via response_url', async () => {
    const { fake, url } = await httpApp(1500);
    const response = fake.responseUrl();
    const res = await postSigned(
      url,
      signingSecret,
      slashCommand({ text: 'why-not-injected cart-7d9f-abcde -n shop', responseUrl: response.url }),
      { kind: 'command' },
    );
    expect(res.status).toBe(200);
    expect(res.latencyMs).toBeLessThan(500);
    expect(JSON.parse(res.body)).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('Checking'),
    });
    const post = await fake.waitFor(() => fake.responses.postsTo(response.id)[0]);
    expect(JSON.stringify(post.body)).toContain('Not injected');
  });

  it('handles signed events and interactions', async () => {
    const { fake, url } = await httpApp();
    const event = await postSigned(
      url,
      signingSecret,
      appMention({ text: '<@UMESHDOC> help', ts: '1699999000.000100', eventId: 'EvH1' }),
      { kind: 'event' },
    );
    expect(event.status).toBe(200);
    await fake.waitFor(() => fake.callsTo('chat.update')[0]);
    const click = fake.responseUrl();
    const action = await postSigned(
      url,
      signingSecret,
      shareClick({ value: 'unknown', responseUrl: click.url }),
      { kind: 'interactive' },
    );
    expect(action.status).toBe(200);
    await fake.waitFor(() => fake.responses.postsTo(click.id)[0]);
  });

  it('rejects a bad signature with 401 and runs nothing', async () => {
    const { fake, app, url } = await httpApp();
    const response = fake.responseUrl();
    const res = await postSigned(
      url,
      signingSecret,
      slashCommand({ text: 'help', responseUrl: response.url }),
      { kind: 'command', signature: `v0=${'0'.repeat(64)}` },
    );
    expect(res.status).toBe(401);
    const wrongSecret = await postSigned(
      url,
      'not-the-secret-at-all',
      slashCommand({ text: 'help', responseUrl: response.url }),
      { kind: 'command' },
    );
    expect(wrongSecret.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.responses.posts).toEqual([]);
    expect(app.audits()).toEqual([]);
  });

  it('rejects a timestamp older than 5 minutes with 401 (replay)', async () => {
    const { fake, url } = await httpApp();
    const response = fake.responseUrl();
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await postSigned(
      url,
      signingSecret,
      slashCommand({ text: 'help', responseUrl: response.url }),
      { kind: 'command', timestampSeconds: stale },
    );
    expect(res.status).toBe(401);
  });

  it('rejects a correctly signed request dated 6 minutes in the future with 401 and runs nothing', async () => {
    const { fake, app, url } = await httpApp();
    const response = fake.responseUrl();
    const future = Math.floor(Date.now() / 1000) + 6 * 60;
    const res = await postSigned(
      url,
      signingSecret,
      slashCommand({ text: 'help', responseUrl: response.url }),
      { kind: 'command', timestampSeconds: future },
    );
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.responses.posts).toEqual([]);
    expect(app.audits()).toEqual([]);
    expect(app.logs).toContainEqual(expect.objectContaining({ slackRequest: 'refused', reason: 'future' }));
  });

  it('still accepts a signed request a few seconds in the future (clock skew)', async () => {
    const { fake, url } = await httpApp();
    const response = fake.responseUrl();
    const res = await postSigned(
      url,
      signingSecret,
      slashCommand({ text: 'help', responseUrl: response.url }),
      { kind: 'command', timestampSeconds: Math.floor(Date.now() / 1000) + 30 },
    );
    expect(res.status).toBe(200);
    await fake.waitFor(() => fake.responses.postsTo(response.id)[0]);
  });

  it('runs a signed request once: the same request replayed is refused with 401 and logged', async () => {
    const { fake, app, url } = await httpApp();
    const response = fake.responseUrl();
    const body = slashCommand({ text: 'help', responseUrl: response.url });
    const timestampSeconds = Math.floor(Date.now() / 1000);
    const first = await postSigned(url, signingSecret, body, { kind: 'command', timestampSeconds });
    expect(first.status).toBe(200);
    await fake.waitFor(() => fake.responses.postsTo(response.id)[0]);
    const replay = await postSigned(url, signingSecret, body, { kind: 'command', timestampSeconds });
    expect(replay.status).toBe(401);
    expect(replay.body).toBe('');
    await new Promise((r) => setTimeout(r, 200));
    expect(app.audits()).toHaveLength(1);
    expect(fake.responses.postsTo(response.id)).toHaveLength(1);
    expect(app.logs).toContainEqual(expect.objectContaining({ slackRequest: 'refused', reason: 'replayed' }));
    // The same command signed afresh (a new timestamp) is a new request, and runs.
    const again = await postSigned(url, signingSecret, body, {
      kind: 'command',
      timestampSeconds: timestampSeconds + 1,
    });
    expect(again.status).toBe(200);
    await fake.waitFor(() => app.audits()[1]);
  });

  it('replays of signed events are refused too, before Bolt sees them', async () => {
    const { fake, url } = await httpApp();
    const mention = appMention({ text: '<@UMESHDOC> help', ts: '1699999000.000200', eventId: 'EvReplay' });
    const timestampSeconds = Math.floor(Date.now() / 1000);
    expect((await postSigned(url, signingSecret, mention, { kind: 'event', timestampSeconds })).status).toBe(
      200,
    );
    await fake.waitFor(() => fake.callsTo('chat.update')[0]);
    expect((await postSigned(url, signingSecret, mention, { kind: 'event', timestampSeconds })).status).toBe(
      401,
    );
  });

  it('answers url_verification with the challenge', async () => {
    const { url } = await httpApp();
    const res = await postSigned(
      url,
      signingSecret,
      { token: 'x', challenge: 'c-123', type: 'url_verification' },
      { kind: 'event' },
    );
    expect(res.status).toBe(200);
    expect(res.body).toContain('c-123');
  });

  it('answers ssl_check without running anything', async () => {
    const { app, url } = await httpApp();
    const res = await postSigned(url, signingSecret, { ssl_check: '1', token: 'x' }, { kind: 'command' });
    expect(res.status).toBe(200);
    expect(app.audits()).toEqual([]);
  });
});
