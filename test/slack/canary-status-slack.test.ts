import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileKubeReader } from '../../src/gatherers/files/file-kube-reader.ts';
import { loadManifests } from '../../src/gatherers/files/load-manifests.ts';
import { appMention, slashCommand } from '../helpers/fake-slack/payloads.ts';
import { checkBlocksLikeSlack } from '../helpers/fake-slack/slack-block-rules.ts';
import { useTestApp } from '../helpers/fake-slack/use-test-app.ts';

// canary status through the real Bolt receiver (Socket Mode stand-in): the headline, the deciding
// finding and the traffic table reach Slack within its limits, and the chart (a real PNG drawn
// from the demo's recorded Prometheus answers) is uploaded into the answer's thread.

const testApp = useTestApp({ threadExpected: ['CINCIDENT'] });
const demo = fileURLToPath(new URL('../../demo/', import.meta.url));
const parent = '1700000000.000200';
// The demo's recorded metrics answer for a reader named "demo" (gatherers/canary/canary-prometheus.ts).
const demoReader = async () => new FileKubeReader(await loadManifests(demo), 'demo');

describe('/mesh canary status and @meshdoc canary status', () => {
  it('@meshdoc in an incident thread: the answer replaces "checking …", the chart lands in the same thread', async () => {
    const reader = await demoReader();
    const { fake, app } = await testApp.start({ reader: async () => reader });
    await fake.socket.send(
      'events_api',
      appMention({ text: '<@UMESHDOC> canary status podinfo -n podinfo', ts: parent, eventId: 'EvCanary' }),
    );
    const update = await fake.waitFor(() => fake.callsTo('chat.update')[0], 20_000);
    expect(update.result.ok).toBe(true);
    const blocks = update.args.blocks as never;
    expect(checkBlocksLikeSlack(blocks)).toBeUndefined();
    const text = JSON.stringify(blocks);
    expect(text).toContain('Failing');
    expect(text).toContain('MESH0441');
    expect(text).toContain('Traffic');
    const chart = await fake.waitFor(
      () => fake.files.find((f) => f.filename === 'canary-podinfo-podinfo.png'),
      20_000,
    );
    expect(chart).toMatchObject({ channel: 'CINCIDENT', threadTs: parent });
    expect(chart.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(chart.bytes.byteLength).toBeGreaterThan(10_000);
    expect(chart.altText).toContain('canary against stable');
    expect(await fake.waitFor(() => app.audits()[0])).toMatchObject({
      command: 'canary status',
      verdict: 'failing',
    });
  });

  it('/mesh canary status: the verdict through response_url, blocks within Slack limits', async () => {
    const reader = await demoReader();
    const { fake } = await testApp.start({ reader: async () => reader });
    const url = fake.responseUrl();
    await fake.socket.send(
      'slash_commands',
      slashCommand({ text: 'canary status search -n catalog', responseUrl: url.url, channel: 'CINCIDENT' }),
    );
    const post = await fake.waitFor(() => fake.responses.postsTo(url.id)[0], 20_000);
    const body = post.body as { blocks?: unknown[] };
    expect(checkBlocksLikeSlack(body.blocks as never)).toBeUndefined();
    const text = JSON.stringify(body.blocks);
    expect(text).toContain('Misconfigured');
    expect(text).toContain('MESH0405');
    // A slash command has no thread: the chart goes to the channel it was typed in.
    const chart = await fake.waitFor(
      () => fake.files.find((f) => f.filename === 'canary-catalog-search.png'),
      20_000,
    );
    expect(chart.channel).toBe('CINCIDENT');
    expect(chart.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('refuses --chart FILE in Slack, saying the chart comes with the answer', async () => {
    const { fake } = await testApp.start({ reader: demoReader });
    const url = fake.responseUrl();
    await fake.socket.send(
      'slash_commands',
      slashCommand({ text: 'canary status podinfo -n podinfo --chart /tmp/x.png', responseUrl: url.url }),
    );
    const post = await fake.waitFor(() => fake.responses.postsTo(url.id)[0], 20_000);
    expect(JSON.stringify(post.body)).toContain('uploaded into the thread');
  });
});
