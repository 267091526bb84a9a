import type { Command, CommandContext, CommandOptions, CommonOptions } from '../core/command.ts';
import { type FlagSpecs, type FlagValues, flagsUsage } from '../core/flag-spec.ts';
import type { Report } from '../core/report.ts';
import { badDump } from './bad-dump.ts';
import { type SectionName, sectionTypeUrls } from './config-dump.ts';
import type { DumpRequest } from './dump-source.ts';
import { type OpenedDump, openProxyDump } from './open-proxy-dump.ts';

export type ProxyCommandSpec<F extends FlagSpecs> = {
  name: string;
  summary: string;
  examples: readonly string[];
  /** The command's filters (usually picked from proxyFlags); usage and help are built from them. */
  flags: F;
  request: DumpRequest;
  /** Builds the report from the loaded dump; `durationMs` is filled in afterwards. */
  build(opened: OpenedDump, filters: FlagValues<F>, ctx: CommandContext): Omit<Report, 'durationMs'>;
};

/** `--file DUMP`, which every proxy command takes: a saved dump instead of the live pod. */
export const dumpFileFlags = {
  file: {
    type: 'string',
    short: 'f',
    value: 'DUMP',
    description: 'A saved config dump instead of the live pod (`-`: stdin, or the only attached file)',
    reach: 'local-or-attached',
    slackRefusal:
      '--file reads a saved dump; in Slack, attach the dump to an @meshdoc message (slash commands cannot carry files) and name it: @meshdoc listeners --file dump.json',
  },
} as const satisfies FlagSpecs;

/**
 * What src/envoy/synthetic/run-dump-operation.ts (the dump bench, owned elsewhere) still passes:
 * the flat options of before per-command flags, with `file` beside them.
 * TODO: drop once it passes `{ ...common, flags: { file }, target: undefined }`.
 */
export type LegacyDumpOptions = CommonOptions & { file: string };

type ProxyCommand<F extends FlagSpecs> = Command<F & typeof dumpFileFlags, 'pod'> & {
  run(
    positionals: readonly string[],
    options: CommandOptions<F & typeof dumpFileFlags, 'pod'> | LegacyDumpOptions,
    ctx: CommandContext,
  ): Promise<Report>;
};

/**
 * The shape shared by listeners/routes/clusters/endpoints/secrets/config-dump: `<pod>` or `--file`,
 * typed filters, one dump load (live or from a file), a report.
 */
export function defineProxyCommand<F extends FlagSpecs>(spec: ProxyCommandSpec<F>): ProxyCommand<F> {
  const filters = flagsUsage(spec.flags);
  const usage = `${spec.name} <pod> [-n <namespace>] | ${spec.name} --file DUMP [<pod>]${filters ? ` ${filters}` : ''} [-o json]`;
  return {
    name: spec.name,
    summary: spec.summary,
    usage,
    examples: spec.examples,
    common: ['namespace', 'context'],
    flags: { ...dumpFileFlags, ...spec.flags },
    positionals: [0, 1],
    target: { kinds: ['pod'], refusal: 'Envoy runs in pods: name a pod' },
    async run(
      _positionals: readonly string[],
      options: CommandOptions<F & typeof dumpFileFlags, 'pod'> | LegacyDumpOptions,
      ctx: CommandContext,
    ) {
      const started = performance.now();
      const given: Record<string, unknown> = 'flags' in options ? options.flags : { file: options.file };
      const target = 'flags' in options ? options.target : undefined;
      const { file, ...filters } = given;
      const opened = await openProxyDump(
        target,
        typeof file === 'string' ? file : undefined,
        options,
        ctx,
        spec.request,
        usage,
      );
      // What is left are exactly the spec's own flags, parsed against its declarations.
      const report = spec.build(opened, filters as FlagValues<F>, ctx);
      return { ...report, durationMs: Math.round(performance.now() - started) };
    },
  };
}

/** The dump lacks a section the command needs (a masked dump, or one from istiod's debug endpoint). */
export function missingSection(name: SectionName, hint?: string): Error {
  const type = sectionTypeUrls[name].split('.').pop();
  return badDump(
    `The dump has no ${name} section (${type}): it was probably taken with ?mask=… or from istiod's debug endpoint.`,
    hint,
  );
}
