import { commands } from '../../commands/index.ts';
import type { Command, CommandContext } from '../../src/core/command.ts';
import { parseCommandArgs } from '../../src/core/parse-command-args.ts';
import type { Report } from '../../src/core/report.ts';

export const fixture = (name: string): string =>
  new URL(`../fixtures/envoy/${name}`, import.meta.url).pathname;
export const fixtureNow = new Date('2030-01-01T00:00:00Z');

/** Flags as tests write them: `{ file, port: '9080', verbose: false }`. */
export type FlagInput = Record<string, string | boolean | undefined>;

/** Parses `args` as run-invocation does (CLI surface, the real registry) and runs the command. */
export async function runParsed(
  command: Command,
  args: readonly string[],
  ctx: CommandContext,
): Promise<Report> {
  const parsed = parseCommandArgs(command, args, {
    surface: 'cli',
    hasAttachments: ctx.attachments !== undefined,
    defaultNamespace: ctx.defaultNamespace,
    registry: commands,
  });
  return command.run(parsed.positionals, parsed.options, ctx);
}

/** `{ port: '80', verbose: false }` → `--port 80 --no-verbose`. */
export function flagArgs(flags: FlagInput): string[] {
  return Object.entries(flags).flatMap(([name, value]) =>
    value === undefined
      ? []
      : value === true
        ? [`--${name}`]
        : value === false
          ? [`--no-${name}`]
          : [`--${name}`, value],
  );
}

/** Runs a proxy command in file mode, through the same parser as the CLI and Slack. */
export function runProxyCommand(
  command: Command,
  positionals: string[],
  flags: FlagInput,
  now: Date = fixtureNow,
): Promise<Report> {
  const ctx: CommandContext = {
    reader: () => Promise.reject(new Error('proxy commands must not read Kubernetes in file mode')),
    defaultNamespace: 'default',
    now: () => now,
  };
  return runParsed(command, [...positionals, ...flagArgs(flags)], ctx);
}
