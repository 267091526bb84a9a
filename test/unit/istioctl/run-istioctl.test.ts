import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MeshdocError } from '../../../src/errors.ts';
import { istioctlAnalyze } from '../../../src/gatherers/istioctl/analyze.ts';
import { runIstioctl } from '../../../src/gatherers/istioctl/run-istioctl.ts';

const fake = fileURLToPath(new URL('../../fixtures/bin/fake-istioctl', import.meta.url));
const opts = { binary: fake, timeoutMs: 5000 };

async function failure(promise: Promise<unknown>): Promise<MeshdocError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MeshdocError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('runIstioctl: the single istioctl call site', () => {
  it('passes arguments as an array (no shell) plus --kubeconfig/--context', async () => {
    const out = await runIstioctl(['version', '$(id);x'], { ...opts, kubeconfig: '/k', context: 'prod' });
    expect(out.stdout).toBe('args: version $(id);x --kubeconfig /k --context prod');
  });

  it('an argument with a NUL byte is a usage error, not a crash', async () => {
    await expect(runIstioctl(['analyze', 'a\0b'], opts)).rejects.toMatchObject({ code: 'usage' });
  });

  it('a missing istioctl is a tool_missing error naming the path', async () => {
    const error = await failure(
      runIstioctl(['version'], { binary: '/nonexistent/istioctl', timeoutMs: 1000 }),
    );
    expect([error.code, error.userMessage]).toEqual([
      'tool_missing',
      'istioctl was not found at "/nonexistent/istioctl".',
    ]);
    expect(error.hint).toBe(
      'Install istioctl (the image ships a pinned one) or set MESHDOC_ISTIOCTL to its path.',
    );
  });

  it('a hung istioctl is stopped at the deadline with a timeout error', async () => {
    const started = Date.now();
    const error = await failure(runIstioctl(['--mode=sleep'], { ...opts, timeoutMs: 300 }));
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a failing istioctl reports its exit code and the first stderr line', async () => {
    const error = await failure(runIstioctl(['--mode=fail'], opts));
    expect(error.code).toBe('upstream_failed');
    expect(error.userMessage).toContain('exit code 1');
    expect(error.userMessage).toContain('connection refused');
  });
});

describe('istioctlAnalyze', () => {
  const withMode = async <T>(mode: string, fn: () => Promise<T>): Promise<T> => {
    process.env.FAKE_ISTIOCTL_MODE = mode;
    try {
      return await fn();
    } finally {
      delete process.env.FAKE_ISTIOCTL_MODE;
    }
  };

  it('exit 79 (errors found) with messages is findings, not a failure', async () => {
    const messages = await withMode('analyze-errors', () => istioctlAnalyze({ namespace: 'bookinfo' }, opts));
    expect(messages.map((m) => [m.code, m.level])).toEqual([
      ['IST0102', 'Info'],
      ['IST0101', 'Error'],
    ]);
  });

  it('a clean analysis is an empty list', async () => {
    expect(await withMode('analyze-clean', () => istioctlAnalyze({ allNamespaces: true }, opts))).toEqual([]);
  });

  it('output that is not JSON is an unexpected_output error that points at version skew', async () => {
    const error = await failure(withMode('garbage', () => istioctlAnalyze({}, opts)));
    expect(error.code).toBe('unexpected_output');
    expect(error.hint).toContain('istioctl version');
  });
});
