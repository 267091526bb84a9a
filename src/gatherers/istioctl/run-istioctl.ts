import { execa } from 'execa';
import { MeshdocError } from '../../errors.ts';

/** What runs when MESHDOC_ISTIOCTL is unset: `istioctl` on PATH (config.ts has the same default). */
const defaultIstioctl = 'istioctl';

export type IstioctlOptions = {
  /** Path of the istioctl binary: CommandContext.istioctl, i.e. MESHDOC_ISTIOCTL; default `istioctl` on PATH. */
  binary?: string | undefined;
  kubeconfig?: string | undefined;
  context?: string | undefined;
  timeoutMs: number;
  signal?: AbortSignal;
};

export type IstioctlResult = { stdout: string; stderr: string; exitCode: number };

/**
 * The one place meshdoc runs istioctl: no shell, arguments as an array, a deadline, and every
 * failure turned into a MeshdocError that says what to do. `okExitCodes` lets callers accept
 * exits that carry results (istioctl analyze exits non-zero when it finds errors).
 */
export async function runIstioctl(
  args: readonly string[],
  options: IstioctlOptions,
  okExitCodes: readonly number[] = [0],
): Promise<IstioctlResult> {
  const flags = [
    ...(options.kubeconfig ? ['--kubeconfig', options.kubeconfig] : []),
    ...(options.context ? ['--context', options.context] : []),
  ];
  // No path or Kubernetes name holds a NUL byte; execa would throw a TypeError on one (found by the fuzz suite).
  if ([...args, options.kubeconfig ?? '', options.context ?? ''].some((a) => a.includes('\0')))
    throw new MeshdocError(
      'usage',
      'An argument contains a NUL byte, which no path or Kubernetes name can hold.',
    );
  const shown = `istioctl ${args.join(' ')}`;
  const binary = options.binary ?? defaultIstioctl;
  const result = await execa(binary, [...args, ...flags], {
    timeout: options.timeoutMs,
    reject: false,
    stdin: 'ignore',
    ...(options.signal ? { cancelSignal: options.signal } : {}),
    env: { NO_COLOR: '1' },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.timedOut) {
    throw new MeshdocError(
      'timeout',
      `\`${shown}\` did not finish within ${options.timeoutMs} ms and was stopped.`,
      { hint: 'The cluster may be slow or unreachable; retry, or raise MESHDOC_KUBE_TIMEOUT_MS.' },
    );
  }
  const code = (result as { code?: string }).code;
  if (code === 'ENOENT' || /ENOENT/.test(result.message ?? '')) {
    throw new MeshdocError('tool_missing', `istioctl was not found at "${binary}".`, {
      hint: 'Install istioctl (the image ships a pinned one) or set MESHDOC_ISTIOCTL to its path.',
    });
  }
  if (code === 'EACCES') {
    throw new MeshdocError('tool_missing', `istioctl at "${binary}" is not executable.`);
  }
  const exitCode = result.exitCode ?? -1;
  if (result.signal || !okExitCodes.includes(exitCode)) {
    const detail = firstLines(String(result.stderr ?? '') || String(result.stdout ?? ''), 3);
    throw new MeshdocError(
      'upstream_failed',
      `\`${shown}\` failed (${result.signal ? `killed by ${result.signal}` : `exit code ${exitCode}`})${detail ? `: ${detail}` : '.'}`,
      {
        hint: 'Check that istioctl matches the control plane version (`istioctl version`).',
      },
    );
  }
  return { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), exitCode };
}

function firstLines(text: string, n: number): string {
  // Tokens and keys never appear in istioctl's error text, but keep it short for Slack anyway.
  return text.split('\n').filter(Boolean).slice(0, n).join(' / ').slice(0, 400);
}
