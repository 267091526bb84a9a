import { UsageError } from '../errors.ts';
import type { Command, CommandOptions, CommonOptions, Surface } from './command.ts';
import { commonFlags } from './common-flags.ts';
import type { FlagSpec, FlagSpecs } from './flag-spec.ts';
import { parseTarget } from './parse-target.ts';

// node:util without its ESM facade (about 8 ms of every start; open-reader.ts says why).
const { parseArgs } = process.getBuiltinModule('node:util');

export type ParseSetting = {
  surface: Surface;
  /** In Slack, `--file NAME` may name a file attached to the message, when there is one. */
  hasAttachments: boolean;
  defaultNamespace: string;
  /** Every command, so a flag of another command is "X does not take --port", not "Unknown option". */
  registry: readonly Command[];
};

export type ParsedArgs = { positionals: string[]; options: CommandOptions };

type ParseArgsOptions = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/**
 * Validates a command's arguments against its declarations (common flags it takes, its own
 * flags, positional count, target kinds) without running it. Throws UsageError with the usage line.
 */
export function parseCommandArgs(
  command: Command,
  args: readonly string[],
  setting: ParseSetting,
): ParsedArgs {
  const own: FlagSpecs = command.flags;
  const known = knownFlags(command, setting.registry);
  let parsed: ReturnType<
    typeof parseArgs<{ options: ParseArgsOptions; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({
      args: normaliseBooleans(args, known),
      options: known,
      allowPositionals: true,
      strict: true,
      allowNegative: true,
    });
  } catch (error) {
    throw new UsageError(cleanParseError(error), command.usage);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const accepted = new Set<string>(['output', ...command.common, ...Object.keys(own)]);
  for (const key of Object.keys(values)) {
    if (!accepted.has(key)) throw new UsageError(`${command.name} does not take --${key}.`, command.usage);
    const spec: FlagSpec | undefined = own[key] ?? (commonFlags as FlagSpecs)[key];
    if (setting.surface === 'slack' && spec) refuseInSlack(key, spec, setting.hasAttachments, command.usage);
  }
  const output = values.output ?? 'text';
  if (output !== 'text' && output !== 'json')
    throw new UsageError(`-o must be "text" or "json", not "${String(output).slice(0, 20)}".`, command.usage);
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
  const common = Object.fromEntries(
    Object.keys(commonFlags)
      .filter((key) => key !== 'output')
      .map((key) => [key, typeof values[key] === 'string' ? values[key] : undefined]),
  ) as Omit<CommonOptions, 'output'>;
  const namespace = common.namespace;
  const flags = readFlags(own, values, command.usage);
  const raw = parsed.positionals[0];
  let target: CommandOptions['target'];
  if (command.target && raw !== undefined) {
    const result = parseTarget(raw, {
      kinds: command.target.kinds,
      namespaceFlag: namespace,
      defaultNamespace: setting.defaultNamespace,
      command: command.name,
      ...(command.target.refusal ? { refusal: command.target.refusal } : {}),
    });
    if (!result.ok) throw new UsageError(result.error, command.usage);
    target = result.value;
  }
  return {
    positionals: parsed.positionals,
    options: {
      ...common,
      output,
      flags,
      target,
      surface: setting.surface,
    },
  };
}

/** The command's flags and the common ones with their short forms, plus the long names of every other command's flags. */
function knownFlags(command: Command, registry: readonly Command[]): ParseArgsOptions {
  const known: ParseArgsOptions = {};
  const shorts = new Set<string>();
  const add = (name: string, spec: FlagSpec) => {
    const short = spec.short && !shorts.has(spec.short) ? spec.short : undefined;
    if (short) shorts.add(short);
    known[name] = { type: spec.type, ...(short ? { short } : {}) };
  };
  for (const [name, spec] of Object.entries({ ...commonFlags, ...command.flags } as FlagSpecs))
    add(name, spec);
  for (const other of registry)
    for (const [name, spec] of Object.entries(other.flags as FlagSpecs)) if (!known[name]) add(name, spec);
  return known;
}

/** istioctl spells booleans `--verbose=false`; node:util wants `--no-verbose`. */
function normaliseBooleans(args: readonly string[], known: ParseArgsOptions): string[] {
  return args.map((a) => {
    const match = /^--([a-z][a-z0-9-]*)=(true|false)$/.exec(a);
    if (!match || known[match[1] ?? '']?.type !== 'boolean') return a;
    return match[2] === 'true' ? `--${match[1]}` : `--no-${match[1]}`;
  });
}

function refuseInSlack(key: string, spec: FlagSpec, hasAttachments: boolean, usage: string): void {
  const reach = spec.reach ?? 'anywhere';
  if (reach === 'anywhere' || (reach === 'local-or-attached' && hasAttachments)) return;
  throw new UsageError(
    spec.slackRefusal ??
      `--${key} reads files on the machine running meshdoc, so it works in the CLI only, not in Slack.`,
    usage,
  );
}

function readFlags(own: FlagSpecs, values: Record<string, unknown>, usage: string): Record<string, unknown> {
  const flags: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(own)) {
    const value = values[key];
    if (spec.type === 'boolean') {
      flags[key] = typeof value === 'boolean' ? value : spec.default;
      continue;
    }
    if (typeof value !== 'string' || !spec.schema) {
      flags[key] = typeof value === 'string' ? value : undefined;
      continue;
    }
    const checked = spec.schema.safeParse(value);
    if (!checked.success)
      throw new UsageError(`--${key} ${checked.error.issues[0]?.message ?? 'is invalid'}.`, usage);
    flags[key] = checked.data;
  }
  return flags;
}

function cleanParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // node:util's messages mention "To specify a positional argument starting with a '-'…"; keep the first sentence.
  const first = message.split('. ')[0] ?? message;
  return first.length > 200 ? `${first.slice(0, 197)}...` : first;
}
