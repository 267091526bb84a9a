import type { Command, CommandContext, OptionName } from '../core/command.ts';
import type { Report } from '../core/report.ts';
import { badDump } from './bad-dump.ts';
import { type SectionName, sectionTypeUrls } from './config-dump.ts';
import type { DumpRequest } from './dump-source.ts';
import { type OpenedDump, openProxyDump } from './open-proxy-dump.ts';
import { type FilterName, type ProxyFilters, readProxyFilters } from './proxy-filters.ts';

export type ProxyCommandSpec = {
  name: string;
  summary: string;
  /** Usage after `<name> <pod> | --file DUMP`, e.g. `[--port N] [--type HTTP|TCP]`. */
  usageTail: string;
  examples: readonly string[];
  filters: readonly FilterName[];
  request: DumpRequest;
  /** Builds the report from the loaded dump; `durationMs` is filled in afterwards. */
  build(opened: OpenedDump, filters: ProxyFilters, ctx: CommandContext): Omit<Report, 'durationMs'>;
};

/**
 * The shape shared by listeners/routes/clusters/endpoints/secrets/config-dump: `<pod>` or `--file`,
 * typed filters, one dump load (live or from a file), a report.
 */
export function defineProxyCommand(spec: ProxyCommandSpec): Command {
  const usage = `${spec.name} <pod> [-n <namespace>] | ${spec.name} --file DUMP [<pod>]${spec.usageTail ? ` ${spec.usageTail}` : ''} [-o json]`;
  return {
    name: spec.name,
    summary: spec.summary,
    usage,
    examples: spec.examples,
    options: proxyOptions(spec.filters),
    positionals: [0, 1],
    async run(positionals, options, ctx) {
      // The injected clock, not performance.now(): a fixed clock makes reports (and goldens) repeatable.
      const started = ctx.now().getTime();
      const filters = readProxyFilters(options, spec.filters, usage);
      const opened = await openProxyDump(positionals, options, ctx, spec.request, usage);
      const report = spec.build(opened, filters, ctx);
      return { ...report, durationMs: ctx.now().getTime() - started };
    },
  };
}

/**
 * namespace/context/file plus the command's filters. The filter names become OptionNames once
 * run-invocation knows them; until then parseArgs rejects them before this list is consulted.
 */
export function proxyOptions(filters: readonly FilterName[]): readonly OptionName[] {
  return ['namespace', 'context', 'file', ...filters] as readonly string[] as readonly OptionName[];
}

/** The dump lacks a section the command needs (a masked dump, or one from istiod's debug endpoint). */
export function missingSection(name: SectionName, hint?: string): Error {
  const type = sectionTypeUrls[name].split('.').pop();
  return badDump(
    `The dump has no ${name} section (${type}): it was probably taken with ?mask=… or from istiod's debug endpoint.`,
    hint,
  );
}
