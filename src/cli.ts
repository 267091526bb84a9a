import * as z from 'zod/mini';

z.config({ jitless: true });

import { commands } from '../commands/index.ts';
import { buildCommandContext } from './build-command-context.ts';
import { type Config, parseConfig } from './config.ts';
import type { Command } from './core/command.ts';
import { runInvocation } from './core/run-invocation.ts';
import { toMeshdocError, UsageError } from './errors.ts';
import { cliErrorLogPath, createLocalLog, localLogLevel, logCommandError } from './local-log.ts';
import { renderJson, renderJsonError } from './renderers/json.ts';
import { renderText, renderTextError } from './renderers/text.ts';

export type CliIo = {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  color: boolean;
};

/**
 * Exit codes: 0 answered, 1 could not answer (API, files, tools), 2 usage error. `--debug`
 * anywhere (before or after the command) sets the log on stderr to debug, like
 * MESHDOC_LOG_LEVEL=debug; it is not a command's flag, so it is taken out before parsing.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  registry: readonly Command[] = commands,
): Promise<number> {
  const debug = argv.includes('--debug');
  // An internal error's stack goes to a file, not the terminal (issue 9); --debug shows it here.
  const log = createLocalLog(localLogLevel(io.env, debug), io.stderr, cliErrorLogPath(io.env));
  const args = argv.filter((a) => a !== '--debug');
  const tokens = args.length === 0 ? ['help'] : args;
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
  const started = Date.now();
  const outcome = await runInvocation(tokens, 'cli', registry, ctx);
  await log.write(
    'debug',
    {
      command: outcome.command?.name,
      ok: outcome.ok,
      code: outcome.ok ? undefined : outcome.error.code,
      ms: Date.now() - started,
    },
    'command finished',
  );
  if (outcome.ok) {
    io.stdout(outcome.output === 'json' ? renderJson(outcome.report) : renderText(outcome.report, io));
    return 0;
  }
  const error = await logCommandError(log, outcome.error, { command: outcome.command?.name, surface: 'cli' });
  io.stderr(outcome.output === 'json' ? renderJsonError(error) : renderTextError(error, io));
  return error.code === 'usage' ? 2 : 1;
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
