import type * as z from 'zod/mini';

/**
 * Where a flag may be used. `local` flags read files on the machine running meshdoc, which from
 * Slack would be a data leak; `local-or-attached` ones may name a file attached to an @meshdoc
 * message instead (slash commands cannot carry files).
 */
export type FlagReach = 'anywhere' | 'local' | 'local-or-attached';

type FlagBase = {
  /** One letter, used as `-x`. */
  short?: string;
  /** One line for `help <command>`. */
  description: string;
  reach?: FlagReach;
  /** What Slack answers when the flag cannot be used there; the default names the CLI. */
  slackRefusal?: string;
};

export type StringFlag = FlagBase & {
  type: 'string';
  /** Placeholder for usage and help: `--port N`. */
  value: string;
  /** Validates and converts the value; the message of its first issue follows `--<name> `. */
  schema?: z.ZodMiniType<unknown, string>;
};

export type BooleanFlag = FlagBase & {
  type: 'boolean';
  /** Value when the flag is absent; istioctl's `--verbose` defaults to true, so `--no-verbose` exists. */
  default?: boolean;
};

export type FlagSpec = StringFlag | BooleanFlag;
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** The parsed value of one flag: a schema's output, a string, or a boolean (never undefined with a default). */
export type FlagValue<S extends FlagSpec> = S extends { type: 'boolean' }
  ? S extends { default: boolean }
    ? boolean
    : boolean | undefined
  : S extends { schema: z.ZodMiniType<infer O, string> }
    ? O | undefined
    : string | undefined;

/** A command's parsed flags; for the registry's wide `Command` type, just a record. */
export type FlagValues<F extends FlagSpecs> = string extends keyof F
  ? Readonly<Record<string, unknown>>
  : { readonly [K in keyof F]: FlagValue<F[K]> };

/** `--port N`, `--no-verbose` (a flag that defaults to true), `--verbose`: how usage lines spell a flag. */
export function flagUsage(name: string, spec: FlagSpec): string {
  if (spec.type === 'boolean') return spec.default === true ? `--no-${name}` : `--${name}`;
  return `${spec.short ? `-${spec.short}|` : ''}--${name} ${spec.value}`;
}

/** `[--port N] [--no-verbose]`, in declaration order. */
export function flagsUsage(flags: FlagSpecs): string {
  return Object.entries(flags)
    .map(([name, spec]) => `[${flagUsage(name, spec)}]`)
    .join(' ');
}
