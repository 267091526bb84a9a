import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileKubeReader } from '../../src/gatherers/files/file-kube-reader.ts';
import { loadManifests } from '../../src/gatherers/files/load-manifests.ts';
import { slashCommand } from '../helpers/fake-slack/payloads.ts';
import { checkBlocksLikeSlack } from '../helpers/fake-slack/slack-block-rules.ts';
import { useTestApp } from '../helpers/fake-slack/use-test-app.ts';

const socketApp = useTestApp().start;
const demo = fileURLToPath(new URL('../../demo/cluster.yaml', import.meta.url));

// /mesh tls-check through the real Bolt receiver (Socket Mode stand-in): the verdict, the conflict
// and its fix reach the channel as Slack accepts them, and the audit line records the verdict.
describe('/mesh tls-check', () => {
  it('answers a STRICT-vs-DISABLE conflict with the patch that removes it', async () => {
    const manifests = await loadManifests(demo);
    const { fake, app } = await socketApp({
      reader: async () => new FileKubeReader(manifests, 'test-cluster'),
    });
    const url = fake.responseUrl();
    await fake.socket.send(
      'slash_commands',
      slashCommand({ text: 'tls-check svc/orders -n orders', responseUrl: url.url }),
    );
    const post = await fake.waitFor(() => fake.responses.postsTo(url.id)[0]);
    const body = post.body as { blocks?: unknown[] };
    expect(checkBlocksLikeSlack(body.blocks as never)).toBeUndefined();
    const text = JSON.stringify(body.blocks);
    expect(text).toContain('TLS conflict');
    expect(text).toContain('MESH0201');
    expect(text).toContain('kubectl patch destinationrule orders -n orders');
    const audit = await fake.waitFor(() => app.audits()[0]);
    expect(audit).toMatchObject({ command: 'tls-check', verdict: 'conflict', error: null });
  });
});

describe('/mesh analyze', () => {
  it('says while it works that istioctl analyze can take tens of seconds', async () => {
    const { fake } = await socketApp();
    const url = fake.responseUrl();
    const ack = await fake.socket.send(
      'slash_commands',
      slashCommand({ text: 'analyze store', responseUrl: url.url }),
    );
    expect(JSON.stringify(ack.payload)).toContain('can take tens of seconds');
    // The answer replaces it (here istioctl is not installed: that is the answer, said plainly).
    const post = await fake.waitFor(() => fake.responses.postsTo(url.id)[0]);
    expect(JSON.stringify(post.body)).toMatch(/istioctl/);
  });
});
