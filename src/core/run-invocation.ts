import { parseArgs } from 'node:util';
import { type MeshdocError, toMeshdocError, UsageError } from '../errors.ts';
import type { Command, CommandContext, CommonOptions, OptionName, Surface } from './command.ts';
import type { Report } from './report.ts';

export type Outcome =
  | { ok: true; command: Command; report: Report; output: CommonOptions['output'] }
  | { ok: false; command: Command | undefined; error: MeshdocError; output: CommonOptions['output'] };

const optionSpecs = {
  namespace: { type: 'string', short: 'n' },
  context: { type: 'string' },
  from: { type: 'string' },
  'save-evidence': { type: 'string' },
  file: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  port: { type: 'string' },
  address: { type: 'string' },
  type: { type: 'string' },
  name: { type: 'string' },
  fqdn: { type: 'string' },
  subset: { type: 'string' },
  direction: { type: 'string' },
  status: { type: 'string' },
  cluster: { type: 'string' },
  verbose: { type: 'boolean' },
} as const;

// Reading files on the bot's host from Slack would be a data leak, so these are CLI/console only.
const localOnly: readonly OptionName[] = ['from', 'file', 'saveEvidence'];

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
    const options = parseOptions(command, rest, surface, ctx.attachments !== undefined);
    output = options.output;
    const positionals = options.positionals;
    const report = await command.run(positionals, options, ctx);
    return { ok: true, command, report, output };
  } catch (error) {
    const meshError = toMeshdocError(error);
    return { ok: false, command, error: meshError, output };
  }
}

function parseOptions(
  command: Command,
  args: readonly string[],
  surface: Surface,
  hasAttachments: boolean,
): CommonOptions & { positionals: string[] } {
  const allowed = new Set<string>([...command.options, 'output']);
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof optionSpecs; allowPositionals: true; strict: true; args: string[] }>
  >;
  try {
    // istioctl spells it --verbose=false; node:util wants --no-verbose.
    const normalised = args.map((a) =>
      a === '--verbose=false' ? '--no-verbose' : a === '--verbose=true' ? '--verbose' : a,
    );
    parsed = parseArgs({
      args: normalised,
      options: optionSpecs,
      allowPositionals: true,
      strict: true,
      allowNegative: true,
    });
  } catch (error) {
    throw new UsageError(cleanParseError(error), command.usage);
  }
  for (const key of Object.keys(parsed.values)) {
    const name = key === 'save-evidence' ? 'saveEvidence' : key;
    if (!allowed.has(name)) throw new UsageError(`${command.name} does not take --${key}.`, command.usage);
    if (surface === 'slack' && (localOnly as readonly string[]).includes(name)) {
      // In Slack, --file names a file attached to the @meshdoc message, never a local path.
      if (key === 'file' && hasAttachments) continue;
      throw new UsageError(
        key === 'file'
          ? '--file reads a saved dump; in Slack, attach the dump to an @meshdoc message (slash commands cannot carry files) and name it: @meshdoc listeners --file dump.json'
          : `--${key} reads files on the machine running meshdoc, so it works in the CLI only, not in Slack.`,
        command.usage,
      );
    }
  }
  const values = parsed.values;
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json')
    throw new UsageError(`-o must be "text" or "json", not "${output.slice(0, 20)}".`, command.usage);
  const [min, max] = command.positionals;
  if (parsed.positionals.length < min)
    throw new UsageError(
      `${command.name} needs ${min === 1 ? 'an argument' : `${min} arguments`}.`,
      command.usage,
    );
  if (parsed.positionals.length > max) {
    throw new UsageError(
      `Unexpected argument "${(parsed.positionals[max] ?? '').slice(0, 40)}".`,
      command.usage,
    );
  }
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.length === 0)
      throw new UsageError(`--${key} needs a value.`, command.usage);
  }
  return {
    namespace: values.namespace,
    output,
    context: values.context,
    from: values.from,
    file: values.file,
    saveEvidence: values['save-evidence'],
    port: values.port,
    address: values.address,
    type: values.type,
    name: values.name,
    fqdn: values.fqdn,
    subset: values.subset,
    direction: values.direction,
    status: values.status,
    cluster: values.cluster,
    verbose: values.verbose,
    positionals: parsed.positionals,
  };
}

function cleanParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // node:util's messages mention "To specify a positional argument starting with a '-'…"; keep the first sentence.
  const first = message.split('. ')[0] ?? message;
  return first.length > 200 ? `${first.slice(0, 197)}...` : first;
}
