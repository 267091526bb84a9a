import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { buildCommandContext } from '../../src/build-command-context.ts';
import { parseConfig } from '../../src/config.ts';
import { runInvocation } from '../../src/core/run-invocation.ts';
import { botSource, chooseDefaultSource } from '../../src/default-source.ts';
import { FakeKubeApi } from '../helpers/fake-kube-api.ts';
import { proxyPod } from '../helpers/proxy-pods.ts';

// The Slack bot never answers from the bundled demo (issue 9): an unreachable cluster is each
// command's answer, asked again on the next command, while the console keeps its demo fallback.

const config = parseConfig({ MESHDOC_KUBE_TIMEOUT_MS: '2000' });
const api = new FakeKubeApi({
  objects: [{ kind: 'Namespace', metadata: { name: 'shop' } }, proxyPod('web-1')],
});
let url: string;
let deadUrl: string;
let dir: string;

beforeAll(async () => {
  url = await api.start();
  deadUrl = `https://127.0.0.1:${await closedPort()}`;
  dir = await mkdtemp(join(tmpdir(), 'meshdoc-bot-source-'));
});
afterAll(() => api.stop());

/** A loopback port nothing listens on (free a moment ago). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

function kubeconfigAt(server: string, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, api.kubeconfigText(server));
  return path;
}

const whyNot = ['why-not-injected', 'web-1', '-n', 'shop'];

describe('the Slack bot against an unreachable cluster', () => {
  it('answers a command with the cluster error, not the demo, and asks again on the next one', async () => {
    const kubeconfig = kubeconfigAt(deadUrl, 'dead');
    const env = { HOME: dir, KUBECONFIG: kubeconfig };
    const source = await botSource(config, env);
    expect(source.status.current()).toMatchObject({ context: 'fake-cluster', state: 'unreachable' });
    const ctx = buildCommandContext(config, { env, source });

    const first = await runInvocation(whyNot, 'slack', commands, ctx);
    expect(first.ok).toBe(false);
    if (first.ok) return;
    expect(first.error.code).toBe('unreachable');
    expect(first.error.userMessage).toMatch(
      /^Cluster fake-cluster did not answer: connect ECONNREFUSED 127\.0\.0\.1:\d+\.$/,
    );
    expect(first.error.userMessage).not.toMatch(/demo/i);

    // The demo's own pod is not found in the bot either: it is never consulted.
    const demo = await runInvocation(
      ['why-not-injected', 'reviews-v2-5b7d9c8f4-xk2lp', '-n', 'bookinfo'],
      'slack',
      commands,
      ctx,
    );
    expect(demo.ok).toBe(false);

    // The API server comes up (same context): the next command answers from it.
    writeFileSync(kubeconfig, api.kubeconfigText(url));
    const second = await runInvocation(whyNot, 'slack', commands, ctx);
    expect(second.ok, second.ok ? '' : second.error.userMessage).toBe(true);
    expect(source.status.current()).toMatchObject({ state: 'reachable', version: 'v1.34.10-fake' });
  });

  it('an API server that answers /version with 401: "refused", its answer as the error', async () => {
    const refusing = new FakeKubeApi({ objects: [], unauthorized: true });
    const env = { HOME: dir, KUBECONFIG: kubeconfigAt(await refusing.start(), 'refusing') };
    try {
      const source = await botSource(config, env);
      expect(source.status.current()).toMatchObject({ context: 'fake-cluster', state: 'refused' });
      const outcome = await runInvocation(
        whyNot,
        'slack',
        commands,
        buildCommandContext(config, { env, source }),
      );
      expect(!outcome.ok && outcome.error.userMessage).toBe(
        "The API server of cluster fake-cluster rejected meshdoc's credentials (401 Unauthorized).",
      );
    } finally {
      await refusing.stop();
    }
  });

  it('with no kubeconfig and no service account: an error naming that, never the demo', async () => {
    const env = { HOME: dir };
    const source = await botSource(config, env);
    expect(source.status.current()).toMatchObject({ context: 'none', state: 'not configured' });
    const ctx = buildCommandContext(config, { env, source });
    const outcome = await runInvocation(
      ['why-not-injected', 'reviews-v2-5b7d9c8f4-xk2lp', '-n', 'bookinfo'],
      'slack',
      commands,
      ctx,
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.userMessage).toBe(
      'meshdoc has no cluster to ask: no kubeconfig and no in-cluster service account found.',
    );
  });

  it('re-asks a reachable cluster only when its last look is older than maxAgeMs', async () => {
    let looks = 0;
    let clock = 0;
    const source = await botSource(
      config,
      {},
      {
        now: () => new Date(clock),
        maxAgeMs: 1000,
        probe: async () => {
          looks++;
          return looks === 3
            ? { ok: false, context: 'prod', configured: true, reason: 'connect ECONNREFUSED 10.0.0.1:443' }
            : { ok: true, context: 'prod', version: 'v1.34' };
        },
      },
    );
    await source.status.ensureReachable();
    expect(looks).toBe(1);
    clock = 5000;
    await source.status.ensureReachable(); // stale: looks again (2), reachable
    clock = 10_000;
    await expect(source.status.ensureReachable()).rejects.toThrow(
      'Cluster prod did not answer: connect ECONNREFUSED 10.0.0.1:443.',
    );
    expect(source.status.current()).toMatchObject({
      state: 'unreachable',
      checkedAt: new Date(10_000).toISOString(),
    });
    await source.status.ensureReachable(); // unreachable: looks again at once (4), reachable
    expect(looks).toBe(4);
  });
});

describe('the console keeps the demo', () => {
  it('with nothing configured the console source is the demo', async () => {
    expect(await chooseDefaultSource(config, { HOME: dir })).toMatchObject({ kind: 'demo' });
  });
});
