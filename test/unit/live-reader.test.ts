import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { CommandContext } from '../../src/core/command.ts';
import { runInvocation } from '../../src/core/run-invocation.ts';
import { LiveKubeReader } from '../../src/gatherers/kube/live-kube-reader.ts';
import { FakeKubeApi } from '../helpers/fake-kube-api.ts';
import { syntheticCluster } from '../helpers/synthetic-cluster.ts';

let api: FakeKubeApi | undefined;
afterEach(async () => {
  await api?.stop();
  api = undefined;
});

async function run(
  objects: ReturnType<typeof syntheticCluster>,
  args: string[],
  opts: { forbid?: string[]; delayMs?: number; timeoutMs?: number; unauthorized?: boolean } = {},
) {
  api = new FakeKubeApi({ objects, ...opts });
  const server = await api.start();
  const reader = new LiveKubeReader({
    kubeConfig: api.kubeConfig(server),
    timeoutMs: opts.timeoutMs ?? 5000,
  });
  const ctx: CommandContext = {
    defaultNamespace: 'default',
    now: () => new Date(),
    reader: async () => reader,
  };
  return runInvocation(['why-not-injected', ...args], 'cli', commands, ctx);
}

describe('why-not-injected against a live API (LiveKubeReader over HTTP)', () => {
  it('makes the same number of API requests for 50 pods as for 5,000 pods across 200 namespaces', async () => {
    const small = await run(syntheticCluster(50, 5), ['app-7-5b7d9c-x7', '-n', 'ns-2']);
    expect(small.ok && small.report.verdict).toBe('not-injected');
    const smallRequests = [...(api?.requests ?? [])];
    await api?.stop();
    const large = await run(syntheticCluster(5000, 200), ['app-7-5b7d9c-x7', '-n', 'ns-7']);
    expect(large.ok && large.report.verdict).toBe('not-injected');
    const largeRequests = api?.requests ?? [];
    expect(largeRequests.length).toBe(smallRequests.length);
    expect(largeRequests.length).toBeLessThanOrEqual(6);
    // Never a cluster-wide or namespace-wide pod list on the success path.
    expect(largeRequests.filter((r) => r.includes('/pods?'))).toEqual([]);
  });

  it('names the verb and resource the RBAC lacks when listing webhooks is forbidden, and says unknown', async () => {
    const out = await run(syntheticCluster(5, 1), ['app-1-5b7d9c-x1', '-n', 'ns-0'], {
      forbid: ['list mutatingwebhookconfigurations'],
    });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.report.verdict).toBe('unknown');
    expect(out.report.notes.map((n) => n.message).join(' ')).toMatch(
      /verb "list" on resource "mutatingwebhookconfigurations/,
    );
  });

  it('a forbidden pod read is an error naming get pods and the namespace', async () => {
    const out = await run(syntheticCluster(5, 1), ['app-1-5b7d9c-x1', '-n', 'ns-0'], {
      forbid: ['get pods'],
    });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('forbidden');
    expect(out.error.userMessage).toContain('verb "get" on resource "pods"');
    expect(out.error.userMessage).toContain('namespace "ns-0"');
    expect(out.error.userMessage).not.toMatch(/HTTP-Code|Headers|Body/);
  });

  it('pod not found: says so and suggests close names from one bounded list', async () => {
    const out = await run(syntheticCluster(5, 1), ['app-1-5b7d9c-x9', '-n', 'ns-0']);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('not_found');
    expect(out.error.userMessage).toContain('Pod "app-1-5b7d9c-x9" was not found in namespace "ns-0"');
    expect(out.error.hint).toContain('app-1-5b7d9c-x1');
  });

  it('namespace not found: says the namespace does not exist', async () => {
    const out = await run(syntheticCluster(5, 1), ['app-1', '-n', 'ns-1']);
    expect(!out.ok && out.error.userMessage).toContain('Namespace "ns-1" does not exist');
    expect(!out.ok && out.error.hint).toContain('ns-0');
  });

  it('a slow API server gives a timeout error, not a hang', async () => {
    const out = await run(syntheticCluster(5, 1), ['app-1-5b7d9c-x1', '-n', 'ns-0'], {
      delayMs: 400,
      timeoutMs: 100,
    });
    expect(!out.ok && out.error.code).toBe('timeout');
    expect(!out.ok && out.error.userMessage).toContain('did not answer within 100 ms');
    // The setting that raises it; there is no --timeout flag.
    expect(!out.ok && out.error.hint).toContain('MESHDOC_KUBE_TIMEOUT_MS');
  });

  it('401 is reported as rejected credentials', async () => {
    const out = await run(syntheticCluster(5, 1), ['app-1-5b7d9c-x1', '-n', 'ns-0'], { unauthorized: true });
    expect(!out.ok && out.error.code).toBe('unauthorized');
  });

  it('an unreachable API server is reported as unreachable', async () => {
    api = new FakeKubeApi({ objects: [] });
    // A port that was free a moment ago: nothing listens there.
    const closed = await api.start();
    await api.stop();
    const kc = api.kubeConfig(closed);
    const reader = new LiveKubeReader({ kubeConfig: kc, timeoutMs: 5000 });
    const ctx: CommandContext = {
      defaultNamespace: 'default',
      now: () => new Date(),
      reader: async () => reader,
    };
    const out = await runInvocation(['why-not-injected', 'x', '-n', 'y'], 'cli', commands, ctx);
    expect(!out.ok && out.error.code).toBe('unreachable');
    expect(!out.ok && out.error.userMessage).toContain('Cannot reach the API server of cluster fake-cluster');
    api = undefined;
  });
});
