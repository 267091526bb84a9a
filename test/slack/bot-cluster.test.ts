import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCommandContext } from '../../src/build-command-context.ts';
import { parseConfig } from '../../src/config.ts';
import { botSource } from '../../src/default-source.ts';
import { FakeKubeApi } from '../helpers/fake-kube-api.ts';
import type { FakeSlack } from '../helpers/fake-slack/fake-slack.ts';
import { slashCommand } from '../helpers/fake-slack/payloads.ts';
import { useTestApp } from '../helpers/fake-slack/use-test-app.ts';

// The bot as main composes it (botSource → buildCommandContext → launchSlackBot) against a cluster
// that does not answer: /mesh answers with the cluster's error, never the bundled demo, and
// /healthz stays 200 with the cluster's state in its body (issue 9).

const socket = useTestApp({ mode: 'socket' });

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

/** Bytes of a kubeconfig naming the fake cluster at `server`. */
const kubeconfigFor = (server: string) => new FakeKubeApi({ objects: [] }).kubeconfigText(server);

/**
 * The bot as main composes it, with `kubeconfig` as its only kubeconfig: through botSource (the
 * cluster probed at start, as /healthz reports it), or with `probe: false` straight from
 * buildCommandContext.
 */
async function botWith(kubeconfigText: string, options: { probe: boolean } = { probe: true }) {
  const dir = await mkdtemp(join(tmpdir(), 'meshdoc-bot-cluster-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(kubeconfig, kubeconfigText);
  const env = { HOME: dir, KUBECONFIG: kubeconfig };
  const config = parseConfig({ MESHDOC_KUBE_TIMEOUT_MS: '2000' });
  if (!options.probe)
    return { kubeconfig, ...(await socket.start({ context: buildCommandContext(config, { env }) })) };
  const source = await botSource(config, env);
  const started = await socket.start({
    context: buildCommandContext(config, { env, source }),
    clusterHealth: source.status.current,
  });
  return { kubeconfig, ...started };
}

/** A /mesh command through Socket Mode, and the body of its answer, as JSON text. */
async function ask(fake: FakeSlack, text: string): Promise<string> {
  const url = fake.responseUrl();
  await fake.socket.send('slash_commands', slashCommand({ text, responseUrl: url.url }));
  return JSON.stringify((await fake.waitFor(() => fake.responses.postsTo(url.id)[0])).body);
}

describe('the Slack bot with an unreachable cluster', () => {
  it('answers /mesh with "Cluster X did not answer", not the demo, and /healthz says so', async () => {
    const { fake, app } = await botWith(kubeconfigFor(`https://127.0.0.1:${await closedPort()}`));

    const health = await fetch(`http://127.0.0.1:${app.healthPort}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      slack: 'connected',
      cluster: {
        context: 'fake-cluster',
        state: 'unreachable',
        reason: expect.stringMatching(/ECONNREFUSED/),
      },
    });

    // A pod of the bundled demo: the demo would answer "Not injected" about it.
    const text = await ask(fake, 'why-not-injected reviews-v2-5b7d9c8f4-xk2lp -n bookinfo');
    expect(text).toMatch(/Cluster fake-cluster did not answer: connect ECONNREFUSED 127\.0\.0\.1:\d+\./);
    expect(text).not.toContain('Not injected');
    expect(text).not.toMatch(/demo/i);
    expect(await fake.waitFor(() => app.audits()[0])).toMatchObject({ error: 'unreachable' });
  });

  it('a kubeconfig it cannot use: the reply says which file and what is wrong with it', async () => {
    const { fake, app, kubeconfig } = await botWith('clusters: [\n');
    const health = (await (await fetch(`http://127.0.0.1:${app.healthPort}/healthz`)).json()) as {
      cluster: { state: string };
    };
    expect(health.cluster.state).toBe('unusable');
    const text = await ask(fake, 'why-not-injected web -n shop');
    expect(text).toContain(
      `meshdoc cannot use its kubeconfig: The kubeconfig \\"${kubeconfig}\\" is not valid YAML`,
    );
    // Slack hints never name CLI-only options.
    expect(text).not.toMatch(/--from|--file|--timeout|--debug/);
    expect(await fake.waitFor(() => app.audits()[0])).toMatchObject({
      error: 'bad_input_file',
      delivery: 'delivered',
    });
  });

  it('an unreachable API server: the hint names no CLI-only option', async () => {
    const { fake } = await botWith(kubeconfigFor(`http://127.0.0.1:${await closedPort()}`), { probe: false });
    const text = await ask(fake, 'why-not-injected web -n shop');
    expect(text).toMatch(/Cannot reach the API server of cluster fake-cluster \(ECONNREFUSED\)/);
    expect(text).not.toMatch(/--from|--file|--timeout|--debug/);
  });
});
