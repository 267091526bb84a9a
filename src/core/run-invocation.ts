import { type MeshdocError, toMeshdocError, UsageError } from '../errors.ts';
import type { Command, CommandContext, CommonOptions, Surface } from './command.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import type { Report } from './report.ts';

export type Outcome =
  | { ok: true; command: Command; report: Report; output: CommonOptions['output'] }
  | { ok: false; command: Command | undefined; error: MeshdocError; output: CommonOptions['output'] };

/** Finds the command named by the leading words (longest match, so `canary status` beats `canary`). */
export function findCommand(
  tokens: readonly string[],
  registry: readonly Command[],
): { command: Command; rest: string[] } | undefined {
  const sorted = [...registry].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of sorted) {
    const words = command.name.split(' ');
    if (words.every((w, i) => tokens[i]?.toLowerCase() === w))
      return { command, rest: tokens.slice(words.length) };
  }
  return undefined;
}

/** Validates every argument, then runs the command. Never throws: errors become an Outcome. */
export async function runInvocation(
  tokens: readonly string[],
  surface: Surface,
  registry: readonly Command[],
  ctx: CommandContext,
): Promise<Outcome> {
  let output: CommonOptions['output'] =
    tokens.includes('json') && tokens.some((t) => t === '-o' || t === '--output') ? 'json' : 'text';
  const found = findCommand(tokens, registry);
  if (!found) {
    const word = tokens[0];
    const names = registry.map((c) => c.name).join(', ');
    const error = new UsageError(
      word ? `Unknown command "${word.slice(0, 40)}".` : 'No command given.',
      `mesh <command> [args] — commands: ${names}. Try: help`,
    );
    return { ok: false, command: undefined, error, output };
  }
  const { command, rest } = found;
  try {
    const parsed = parseCommandArgs(command, rest, {
      surface,
      hasAttachments: ctx.attachments !== undefined,
      defaultNamespace: ctx.defaultNamespace,
      registry,
    });
    output = parsed.options.output;
    const report = await command.run(parsed.positionals, parsed.options, ctx);
    return { ok: true, command, report, output };
  } catch (error) {
    const meshError = toMeshdocError(error);
    return { ok: false, command, error: meshError, output };
  }
}
