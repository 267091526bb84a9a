import type { CommandContext, OptionName } from '../core/command.ts';
import type { Report } from '../core/report.ts';
import { badDump } from './bad-dump.ts';
import { type SectionName, sectionTypeUrls } from './config-dump.ts';
import type { DumpRequest } from './dump-source.ts';
import type { OpenedDump } from './open-proxy-dump.ts';
import type { FilterName, ProxyFilters } from './proxy-filters.ts';

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
