import { runCli } from '../../src/cli.ts';

export type CliResult = { code: number; stdout: string; stderr: string };

/** Runs the real CLI entry in-process, capturing output (no cluster: env without KUBECONFIG/HOME). */
export async function cli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = { HOME: '/nonexistent' },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env,
    color: false,
  });
  return { code, stdout, stderr };
}

export async function cliJson(
  args: readonly string[],
): Promise<
  Record<string, unknown> & { findings: { code: string; cause: string; severity: string; message: string }[] }
> {
  const result = await cli([...args, '-o', 'json']);
  if (result.code !== 0) throw new Error(`meshdoc exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}
