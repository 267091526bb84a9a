import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { bigReportCommand } from '../helpers/fake-slack/big-report-command.ts';
import { appMention } from '../helpers/fake-slack/payloads.ts';
import { useTestApp } from '../helpers/fake-slack/use-test-app.ts';

const socketApp = useTestApp({ threadExpected: ['CINCIDENT'] }).start;

const parent = '1699999000.000100';
const reply = '1699999100.000200';

describe('@meshdoc mentions', () => {
  it('answers in the thread: "checking" first, then the verdict in place of it', async () => {
    const { fake, app } = await socketApp({ readerDelayMs: 300 });
    const ack = await fake.socket.send(
      'events_api',
      appMention({
        text: '<@UMESHDOC> why-not-injected cart-7d9f-abcde -n shop',
        ts: parent,
        eventId: 'Ev1',
      }),
    );
    expect(ack.latencyMs).toBeLessThan(500);
    const update = await fake.waitFor(() => fake.callsTo('chat.update')[0]);
    const [post] = fake.callsTo('chat.postMessage');
    expect(post?.args).toMatchObject({
      channel: 'CINCIDENT',
      thread_ts: parent,
      text: expect.stringContaining('Checking why-not-injected'),
    });
    expect(update.args).toMatchObject({ channel: 'CINCIDENT', ts: post?.result.ts });
    expect(update.result.ok).toBe(true);
    const message = fake.message('CINCIDENT', String(post?.result.ts));
    expect(message?.threadTs).toBe(parent);
    expect(message?.versions).toBe(2);
    expect(JSON.stringify(message?.blocks)).toContain('Not injected');
    expect(JSON.stringify(message?.blocks)).toContain('cluster `test-cluster`');
    expect(await fake.waitFor(() => app.audits()[0])).toMatchObject({
      surface: 'mention',
      thread: parent,
      verdict: 'not-injected',
    });
  });

  it('replies to the thread parent when mentioned inside a reply', async () => {
    const { fake } = await socketApp();
    fake.seedMessage('CINCIDENT', parent, parent);
    fake.seedMessage('CINCIDENT', reply, parent);
    await fake.socket.send(
      'events_api',
      appMention({ text: 'hey <@UMESHDOC|meshdoc> help', ts: reply, threadTs: parent, eventId: 'Ev2' }),
    );
    const update = await fake.waitFor(() => fake.callsTo('chat.update')[0]);
    expect(fake.callsTo('chat.postMessage')[0]?.args.thread_ts).toBe(parent);
    expect(update.result.ok).toBe(true);
    expect(JSON.stringify(update.args.blocks)).toContain('Commands');
  });

  it('handles a redelivered event once', async () => {
    const { fake } = await socketApp();
    const event = appMention({ text: '<@UMESHDOC> help', ts: parent, eventId: 'EvDup' });
    await fake.socket.send('events_api', event);
    await fake.socket.send('events_api', event, { retry_attempt: 1, retry_reason: 'timeout' });
    await fake.waitFor(() => fake.callsTo('chat.update')[0]);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('sends a long answer to the same thread as a file instead of truncating it', async () => {
    const { fake, app } = await socketApp({ registry: [...commands, bigReportCommand(400)] });
    await fake.socket.send(
      'events_api',
      appMention({ text: '<@UMESHDOC> big-table pod-1', ts: parent, eventId: 'Ev3' }),
    );
    const update = await fake.waitFor(() => fake.callsTo('chat.update')[0]);
    expect(update.result.ok).toBe(true);
    expect(JSON.stringify(update.args.blocks)).toMatch(
      /\d+ more rows of Listeners are in the attached file `meshdoc-big-table-pod-1.txt`/,
    );
    const full = fake.files.find((f) => f.filename === 'meshdoc-big-table-pod-1.txt');
    expect(full).toMatchObject({ channel: 'CINCIDENT', threadTs: parent });
    expect(full?.content).toContain('svc-399.shop.svc.cluster.local');
    expect(fake.files.map((f) => f.filename)).toContain('config_dump.json');
    expect(fake.callsTo('files.completeUploadExternal')[0]?.args).toMatchObject({
      channel_id: 'CINCIDENT',
      thread_ts: parent,
    });
    expect(await fake.waitFor(() => app.audits()[0])).toMatchObject({ overflowed: true });
  });

  it('waits out a 429 with Retry-After and still updates the message', async () => {
    const { fake } = await socketApp({
      clientOptions: { retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 } },
    });
    fake.rateLimit('chat.update', 1, 1);
    await fake.socket.send(
      'events_api',
      appMention({ text: '<@UMESHDOC> help', ts: parent, eventId: 'Ev4' }),
    );
    await fake.waitFor(() => fake.callsTo('chat.update').find((c) => c.status === 200));
    const updates = fake.callsTo('chat.update');
    expect(updates.map((c) => c.status)).toEqual([429, 200]);
    expect((updates[1]?.at ?? 0) - (updates[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('answers usage errors in the thread with the mention usage line, running nothing', async () => {
    const { fake, app } = await socketApp();
    await fake.socket.send(
      'events_api',
      appMention({ text: '<@UMESHDOC> why-not-injected $(whoami)', ts: parent, eventId: 'Ev5' }),
    );
    const post = await fake.waitFor(() => fake.callsTo('chat.postMessage')[0]);
    expect(post.args.thread_ts).toBe(parent);
    expect(JSON.stringify(post.args.blocks)).toContain('```@meshdoc &lt;command&gt; [args]');
    expect(fake.callsTo('chat.update')).toHaveLength(0);
    expect(app.readerRequests).toEqual([]);
  });

  it('turns the "checking" message into a generic error with a reference when the command blows up', async () => {
    const { fake, app } = await socketApp({
      reader: () => Promise.reject(new TypeError('boom at /secret/path token=abc')),
    });
    await fake.socket.send(
      'events_api',
      appMention({ text: '<@UMESHDOC> why-not-injected cart -n shop', ts: parent, eventId: 'Ev6' }),
    );
    const update = await fake.waitFor(() => fake.callsTo('chat.update')[0]);
    const text = JSON.stringify(update.args.blocks);
    expect(text).toContain('internal error');
    expect(text).not.toContain('secret');
    const reference = /reference `([0-9a-f]{8})`/.exec(text)?.[1];
    expect(
      app.logs.some((l) => l.reference === reference && JSON.stringify(l).includes('boom at /secret/path')),
    ).toBe(true);
    expect(await fake.waitFor(() => app.audits()[0])).toMatchObject({ error: 'internal', reference });
  });
});
