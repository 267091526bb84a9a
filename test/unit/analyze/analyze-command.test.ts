import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands } from '../../../commands/index.ts';
import type { CommandContext } from '../../../src/core/command.ts';
import { runInvocation } from '../../../src/core/run-invocation.ts';
import type { KubeReader } from '../../../src/kube/kube-reader.ts';

// analyze through the real execa call site, with a stand-in istioctl (test/fixtures/bin/fake-istioctl).
const fake = fileURLToPath(new URL('../../fixtures/bin/fake-istioctl', import.meta.url));
const live = { cluster: 'prod', kubectl: 'kubectl --context prod' } as unknown as KubeReader;
const ctx = (overrides: Partial<CommandContext> = {}): CommandContext => ({
  defaultNamespace: 'default',
  now: () => new Date('2026-12-01T00:00:00Z'),
  reader: async () => live,
  istioctl: fake,
  analyzeTimeoutMs: 5000,
  ...overrides,
});
const run = (args: string[], c = ctx()) => runInvocation(['analyze', ...args], 'cli', commands, c);

afterEach(() => vi.unstubAllEnvs());

describe('analyze', () => {
  it('groups messages by severity, then code, and says which meshdoc command explains each', async () => {
    vi.stubEnv('FAKE_ISTIOCTL_MODE', 'analyze-errors');
    const out = await run(['bookinfo']);
    if (!out.ok) throw out.error;
    expect(out.report.verdict).toBe('errors');
    expect(out.report.headline).toContain(
      '1 error, 0 warnings and 1 other message in namespace bookinfo, under 2 codes',
    );
    const table = out.report.sections.find((s) => s.kind === 'table');
    expect(table?.kind === 'table' && table.rows.map((r) => r.slice(0, 3))).toEqual([
      ['Error', 'IST0101', '1'],
      ['Info', 'IST0102', '1'],
    ]);
    const explains = out.report.sections.find((s) => s.kind === 'text');
    expect(explains?.kind === 'text' && explains.text).toContain('IST0101: `meshdoc labels`');
    expect(explains?.kind === 'text' && explains.text).toContain('IST0102: `meshdoc why-not-injected`');
    expect(out.report.data).toMatchObject({ counts: { errors: 1, warnings: 0, total: 2 } });
  });

  it('a clean analysis says so', async () => {
    vi.stubEnv('FAKE_ISTIOCTL_MODE', 'analyze-clean');
    const out = await run(['-A']);
    if (!out.ok) throw out.error;
    expect(out.report.verdict).toBe('clean');
    expect(out.report.headline).toBe('istioctl analyze found nothing in every namespace.');
  });

  it('istioctl missing, printing garbage or hanging: each its own message', async () => {
    const missing = await run([], ctx({ istioctl: '/nonexistent/istioctl' }));
    expect(!missing.ok && missing.error.code).toBe('tool_missing');
    vi.stubEnv('FAKE_ISTIOCTL_MODE', 'garbage');
    const garbage = await run([]);
    expect(!garbage.ok && garbage.error.code).toBe('unexpected_output');
    vi.stubEnv('FAKE_ISTIOCTL_MODE', 'sleep');
    const hung = await run([], ctx({ analyzeTimeoutMs: 500 }));
    expect(!hung.ok && hung.error.code).toBe('timeout');
    expect(!hung.ok && hung.error.message).toContain('did not finish within 500 ms');
  });
});
