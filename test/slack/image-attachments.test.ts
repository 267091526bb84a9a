import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { Command } from '../../src/core/command.ts';
import type { Report } from '../../src/core/report.ts';
import { renderSlackReport } from '../../src/renderers/slack/render-slack-report.ts';
import { uploadFiles } from '../../src/slack/upload-files.ts';
import { botToken } from '../helpers/fake-slack/fake-slack.ts';
import { appMention } from '../helpers/fake-slack/payloads.ts';
import { useTestApp } from '../helpers/fake-slack/use-test-app.ts';

// An image attachment (the canary chart) goes up as the bytes it is, into the thread of the
// answer, where Slack shows it inline; text attachments keep working beside it.

const testApp = useTestApp({ threadExpected: ['CINCIDENT'] });
const parent = '1699999000.000100';

/** A PNG signature followed by every byte value: any text decoding on the way would change it. */
const imageBytes = new Uint8Array([
  0x89,
  0x50,
  0x4e,
  0x47,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
  ...Array.from({ length: 256 }, (_, i) => i),
  ...Array.from({ length: 256 }, (_, i) => 255 - i),
]);

function chartReport(cluster: string, target: string): Report {
  return {
    command: 'chart-test',
    cluster,
    target,
    verdict: 'charted',
    headline: `canary of ${target} charted`,
    sections: [],
    notes: [],
    attachments: [
      {
        filename: 'canary-shop-cart.png',
        title: 'cart · shop: canary vs stable, last 300s',
        mediaType: 'image/png',
        bytes: imageBytes,
        altText: 'Requests, 5xx share and p99 of stable and canary',
      },
      { filename: 'notes.txt', title: 'Notes', content: 'plain text beside it' },
    ],
  };
}

const chartCommand: Command = {
  name: 'chart-test',
  summary: 'Test command answering with an image attachment',
  usage: 'chart-test <app>',
  examples: ['chart-test cart'],
  common: [],
  flags: {},
  positionals: [1, 1],
  async run(positionals, _options, ctx) {
    const reader = await ctx.reader();
    return chartReport(reader.cluster, positionals[0] ?? 'app');
  },
};

const client = (apiUrl: string) =>
  new webApi.WebClient(botToken, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    logLevel: webApi.LogLevel.ERROR,
  });

describe('image attachments in Slack', () => {
  it('the Slack rendering carries the PNG as bytes and lists it in the message', () => {
    const { files, message } = renderSlackReport(chartReport('prod', 'cart'));
    expect(files).toEqual([
      {
        filename: 'canary-shop-cart.png',
        title: 'cart · shop: canary vs stable, last 300s',
        mediaType: 'image/png',
        bytes: imageBytes,
        altText: 'Requests, 5xx share and p99 of stable and canary',
      },
      { filename: 'notes.txt', title: 'Notes', content: 'plain text beside it' },
    ]);
    expect(JSON.stringify(message.blocks)).toContain('`canary-shop-cart.png`');
  });

  it('clips an image description to the 1000 characters Slack takes', () => {
    const report = chartReport('prod', 'cart');
    const [image] = report.attachments;
    if (image?.mediaType !== 'image/png') throw new Error('no image');
    const { files } = renderSlackReport({
      ...report,
      attachments: [{ ...image, altText: 'x'.repeat(1500) }],
    });
    expect(files[0]?.mediaType === 'image/png' && files[0].altText?.length).toBe(1000);
  });

  it('uploadFiles puts the exact bytes, filename and alt text into the thread', async () => {
    const fake = await testApp.startSlack();
    const { files } = renderSlackReport(chartReport('prod', 'cart'));
    expect(await uploadFiles(client(fake.apiUrl), { channel: 'CINCIDENT', threadTs: parent }, files)).toEqual(
      {
        ok: true,
      },
    );
    const image = fake.files.find((f) => f.filename === 'canary-shop-cart.png');
    expect(image).toMatchObject({
      title: 'cart · shop: canary vs stable, last 300s',
      channel: 'CINCIDENT',
      threadTs: parent,
      altText: 'Requests, 5xx share and p99 of stable and canary',
    });
    expect(Buffer.compare(image?.bytes ?? Buffer.alloc(0), Buffer.from(imageBytes))).toBe(0);
    expect(fake.files.find((f) => f.filename === 'notes.txt')?.content).toBe('plain text beside it');
    // The length announced for the upload is the image's, byte for byte.
    expect(
      fake.callsTo('files.getUploadURLExternal').find((c) => c.args.filename === 'canary-shop-cart.png')?.args
        .length,
    ).toBe(String(imageBytes.length));
  });

  it('an @meshdoc answer with a chart: the PNG lands in the same thread as the reply', async () => {
    const { fake, app } = await testApp.start({ registry: [...commands, chartCommand] });
    await fake.socket.send(
      'events_api',
      appMention({ text: '<@UMESHDOC> chart-test cart', ts: parent, eventId: 'EvChart' }),
    );
    const update = await fake.waitFor(() => fake.callsTo('chat.update')[0]);
    expect(update.result.ok).toBe(true);
    expect(JSON.stringify(update.args.blocks)).toContain('`canary-shop-cart.png`');
    const image = await fake.waitFor(() => fake.files.find((f) => f.filename === 'canary-shop-cart.png'));
    expect(image).toMatchObject({ channel: 'CINCIDENT', threadTs: parent });
    expect([...image.bytes]).toEqual([...imageBytes]);
    expect(await fake.waitFor(() => app.audits()[0])).toMatchObject({ verdict: 'charted' });
  });

  it('the fake refuses what Slack refuses: an image description over 1000 characters', async () => {
    const fake = await testApp.startSlack();
    const outcome = await uploadFiles(client(fake.apiUrl), { channel: 'CINCIDENT', threadTs: parent }, [
      {
        filename: 'a.png',
        title: 'A',
        mediaType: 'image/png',
        bytes: imageBytes,
        altText: 'x'.repeat(1001),
      },
    ]);
    expect(outcome).toEqual({ ok: false, error: 'alt_txt_too_large' });
    expect(fake.files).toEqual([]);
  });
});
