import { commands } from '../commands/index.ts';
import { buildCommandContext } from './build-command-context.ts';
import { type Config, parseConfig } from './config.ts';
import { runInvocation } from './core/run-invocation.ts';
import { toMeshdocError, UsageError } from './errors.ts';
import { renderJson, renderJsonError } from './renderers/json.ts';
import { renderText, renderTextError } from './renderers/text.ts';

export type CliIo = {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  color: boolean;
};

/** Exit codes: 0 answered, 1 could not answer (API, files, tools), 2 usage error. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const tokens = argv.length === 0 ? ['help'] : [...argv];
  const tooLong = tokens.find((t) => t.length > 4096);
  if (tooLong || tokens.join(' ').length > 8192) {
    const error = new UsageError('The arguments are too long: Kubernetes names are at most 253 characters.');
    io.stderr(renderTextError(error, io));
    return 2;
  }
  let config: Config;
  try {
    config = parseConfig(io.env);
  } catch (error) {
    io.stderr(renderTextError(toMeshdocError(error), io));
    return 2;
  }
  const ctx = buildCommandContext(config, { env: io.env });
  const outcome = await runInvocation(tokens, 'cli', commands, ctx);
  if (outcome.ok) {
    io.stdout(outcome.output === 'json' ? renderJson(outcome.report) : renderText(outcome.report, io));
    return 0;
  }
  io.stderr(outcome.output === 'json' ? renderJsonError(outcome.error) : renderTextError(outcome.error, io));
  if (outcome.error.code === 'internal')
    io.stderr(`${String((outcome.error.cause as Error | undefined)?.stack ?? outcome.error.cause)}\n`);
  return outcome.error.code === 'usage' ? 2 : 1;
}

if (import.meta.main) {
  const code = await runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  });
  process.exitCode = code;
}
