import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appToken, botToken, FakeSlack } from '../helpers/fake-slack/fake-slack.ts';

// The fake is only worth something if it refuses what Slack refuses; these pin its rules down.
let fake: FakeSlack;
let client: webApi.WebClient;
beforeEach(async () => {
  fake = await FakeSlack.start();
  client = new webApi.WebClient(botToken, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: webApi.LogLevel.ERROR,
  });
});
afterEach(async () => {
  await fake.stop();
});

const section = (n: number) => ({ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(n) } });
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { data?: { error?: string } }) => e.data?.error ?? String(e),
  );

describe('fake Slack Web API', () => {
  it('rejects blocks the way Slack does', async () => {
    const post = (blocks: unknown[]) =>
      errorOf(client.chat.postMessage({ channel: 'C1', text: 't', blocks: blocks as never }));
    expect(await post(Array.from({ length: 51 }, () => section(10)))).toBe('invalid_blocks');
    expect(await post([section(3001)])).toBe('invalid_blocks');
    expect(await post([{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }])).toBe(
      'invalid_blocks',
    );
    expect(await post([{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }])).toBe('invalid_blocks');
    expect(await post([{ type: 'sektion', text: 'x' }])).toBe('invalid_blocks');
    expect(await post(Array.from({ length: 5 }, () => section(2500)))).toBe('msg_blocks_too_long');
    expect(await post([section(3000)])).toBe('ok');
    expect(await errorOf(client.chat.postMessage({ channel: 'C1', text: '' }))).toBe('no_text');
  });

  it('insists on thread_ts where the test expects a thread, and on thread parents', async () => {
    fake.state.threadExpected.add('CT');
    expect(await errorOf(client.chat.postMessage({ channel: 'CT', text: 'hi' }))).toBe('thread_ts_expected');
    fake.seedMessage('CT', '1.000001', '1.000001');
    fake.seedMessage('CT', '1.000002', '1.000001');
    expect(await errorOf(client.chat.postMessage({ channel: 'CT', text: 'hi', thread_ts: '1.000002' }))).toBe(
      'thread_ts_is_a_reply',
    );
    expect(await errorOf(client.chat.postMessage({ channel: 'CT', text: 'hi', thread_ts: '1.000001' }))).toBe(
      'ok',
    );
    expect(await errorOf(client.chat.update({ channel: 'CT', ts: '9.9', text: 'x' }))).toBe(
      'message_not_found',
    );
  });

  it('checks tokens', async () => {
    const wrong = new webApi.WebClient('xoxb-wrong', {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
    });
    expect(await errorOf(wrong.auth.test())).toBe('invalid_auth');
    expect(await errorOf(client.apps.connections.open({}))).toBe('not_allowed_token_type');
    const app = new webApi.WebClient(undefined, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      headers: { Authorization: `Bearer ${appToken}` },
    });
    expect(await client.auth.test()).toMatchObject({ ok: true, user_id: 'UMESHDOC' });
    expect(await app.apps.connections.open({})).toMatchObject({
      ok: true,
      url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/link\//),
    });
  });

  it('answers 429 with Retry-After when told to', async () => {
    fake.rateLimit('chat.postMessage', 1, 7);
    const strict = new webApi.WebClient(botToken, { slackApiUrl: fake.apiUrl, rejectRateLimitedCalls: true });
    const error = await strict.chat
      .postMessage({ channel: 'C1', text: 'x' })
      .catch((e: { code?: string; retryAfter?: number }) => e);
    expect(error).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
    expect(await errorOf(strict.chat.postMessage({ channel: 'C1', text: 'x' }))).toBe('ok');
  });

  it('runs the files.uploadV2 flow and keeps the bytes', async () => {
    await client.filesUploadV2({
      channel_id: 'C1',
      thread_ts: '1.000001',
      file_uploads: [{ content: 'héllo', filename: 'a.txt', title: 'A' }],
    });
    expect(fake.files).toEqual([
      expect.objectContaining({
        filename: 'a.txt',
        title: 'A',
        content: 'héllo',
        channel: 'C1',
        threadTs: '1.000001',
      }),
    ]);
    fake.state.notInChannel.add('C2');
    expect(
      await errorOf(
        client.filesUploadV2({ channel_id: 'C2', file_uploads: [{ content: 'x', filename: 'b.txt' }] }),
      ),
    ).toBe('not_in_channel');
  });
});

describe('fake response_url', () => {
  it('takes 5 posts, then refuses; and expires after 30 minutes', async () => {
    const post = (url: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'x' }),
      });
    const first = fake.responseUrl();
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(first.url)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    const second = fake.responseUrl();
    fake.clock.offsetMs = 30 * 60_000 + 1;
    const expired = await post(second.url);
    expect([expired.status, await expired.text()]).toEqual([404, 'expired_url']);
  });

  it('checks blocks like chat.postMessage', async () => {
    const url = fake.responseUrl();
    const res = await fetch(url.url, { method: 'POST', body: JSON.stringify({ blocks: [section(3001)] }) });
    expect(res.status).toBe(400);
  });
});
