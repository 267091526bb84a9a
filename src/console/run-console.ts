import { createInterface } from 'node:readline';
import type { Command, CommandContext } from '../core/command.ts';
import { runInvocation } from '../core/run-invocation.ts';
import { tokenize } from '../core/tokenize.ts';
import { toMeshdocError } from '../errors.ts';
import { createLocalLog, type LocalLog, localLogLevel, logCommandError } from '../local-log.ts';
import { renderJson, renderJsonError } from '../renderers/json.ts';
import { renderText, renderTextError } from '../renderers/text.ts';

export type ConsoleIo = {
  input: NodeJS.ReadableStream;
  write: (s: string) => void;
  color: boolean;
  interactive: boolean;
  /** Where internal errors are logged with their stack; default pino on stderr at MESHDOC_LOG_LEVEL, else warn. */
  log?: LocalLog;
};

/**
 * The local console `npm start` opens when no Slack credentials are set: it reads `/mesh …`
 * lines (the `/mesh` prefix is optional) and prints what the bot would answer.
 */
export async function runConsole(
  registry: readonly Command[],
  ctx: CommandContext,
  io: ConsoleIo,
  banner: string,
): Promise<void> {
  const log = io.log ?? createLocalLog(localLogLevel(process.env, false), (s) => process.stderr.write(s));
  io.write(`${banner}\n`);
  const rl = createInterface({ input: io.input, terminal: false });
  const prompt = () => io.interactive && io.write('mesh> ');
  prompt();
  for await (const line of rl) {
    const text = line.trim().replace(/^\/mesh\b\s*/, '');
    if (text === 'exit' || text === 'quit') break;
    if (text) await answer(text, registry, ctx, io, log);
    prompt();
  }
  rl.close();
}

async function answer(
  text: string,
  registry: readonly Command[],
  ctx: CommandContext,
  io: ConsoleIo,
  log: LocalLog,
): Promise<void> {
  let tokens: string[];
  try {
    tokens = tokenize(text);
  } catch (thrown) {
    const error = toMeshdocError(thrown);
    io.write(renderTextError(await logCommandError(log, error, { surface: 'console' }), io));
    return;
  }
  const outcome = await runInvocation(tokens, 'console', registry, ctx);
  if (outcome.ok) {
    io.write(outcome.output === 'json' ? renderJson(outcome.report) : renderText(outcome.report, io));
    return;
  }
  const error = await logCommandError(log, outcome.error, {
    command: outcome.command?.name,
    surface: 'console',
  });
  io.write(outcome.output === 'json' ? renderJsonError(error) : renderTextError(error, io));
}
