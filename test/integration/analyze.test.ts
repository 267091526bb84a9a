import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { CommandContext } from '../../src/core/command.ts';
import { runInvocation } from '../../src/core/run-invocation.ts';
import { FileKubeReader } from '../../src/gatherers/files/file-kube-reader.ts';
import { loadManifests } from '../../src/gatherers/files/load-manifests.ts';
import { LiveKubeReader } from '../../src/gatherers/kube/live-kube-reader.ts';
import { meshdocKubeConfig } from '../helpers/meshdoc-kube-config.ts';

// meshdoc analyze with the real istioctl: live against the local API server, and on the demo's
// files, where istioctl's file mode skips the analyzers that read Services and Pods (and says so).
const demo = fileURLToPath(new URL('../../demo/', import.meta.url));

afterEach(() => vi.unstubAllEnvs());

describe('analyze with the real istioctl', () => {
  it('live: the codes istioctl reports for a namespace, grouped', async () => {
    vi.stubEnv('KUBECONFIG', inject('kubeconfig'));
    const admin = new KubeConfig();
    admin.loadFromFile(inject('kubeconfig'));
    const reader = new LiveKubeReader({ kubeConfig: await meshdocKubeConfig(admin), timeoutMs: 10_000 });
    const ctx: CommandContext = {
      defaultNamespace: 'default',
      now: () => new Date(),
      reader: async () => reader,
      istioctl: join(inject('binDir'), 'istioctl'),
      analyzeTimeoutMs: 60_000,
    };
    const out = await runInvocation(['analyze', 'default'], 'cli', commands, ctx);
    if (!out.ok) throw out.error;
    const codes = ((out.report.data?.codes ?? []) as { code: string }[]).map((c) => c.code);
    // The default namespace is not enabled for injection: IST0102.
    expect(codes).toContain('IST0102');
  });

  it("on files: the demo's undefined subset, and the analyzers file mode skipped", async () => {
    const reader = new FileKubeReader(await loadManifests(demo), `files:${demo}`);
    const ctx: CommandContext = {
      defaultNamespace: 'default',
      now: () => new Date(),
      reader: async () => reader,
      istioctl: join(inject('binDir'), 'istioctl'),
    };
    const out = await runInvocation(['analyze', '--from', demo], 'cli', commands, ctx);
    if (!out.ok) throw out.error;
    expect(out.report.verdict).toBe('errors');
    expect(((out.report.data?.codes ?? []) as { code: string }[]).map((c) => c.code)).toContain('IST0101');
    expect(((out.report.data?.skippedAnalyzers ?? []) as string[]).length).toBeGreaterThan(10);
    expect(out.report.notes[0]?.message).toContain('skips the');
  });
});
