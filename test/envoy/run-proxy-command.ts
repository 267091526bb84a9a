import type { Command, CommandContext, CommonOptions } from '../../src/core/command.ts';
import type { Report } from '../../src/core/report.ts';
import type { FilterOptionValues } from '../../src/envoy/proxy-filters.ts';

export const fixture = (name: string): string =>
  new URL(`../fixtures/envoy/${name}`, import.meta.url).pathname;
export const fixtureNow = new Date('2030-01-01T00:00:00Z');

/** Every common option unset: what run-invocation passes for a bare `<command> <pod>`. */
export const commonOptions: CommonOptions = {
  namespace: undefined,
  output: 'text',
  context: undefined,
  from: undefined,
  file: undefined,
};

/** Runs a proxy command as run-invocation will once it passes the filter options through. */
export function runProxyCommand(
  command: Command,
  positionals: string[],
  options: Partial<CommonOptions & FilterOptionValues>,
  now: Date = fixtureNow,
): Promise<Report> {
  const ctx: CommandContext = {
    reader: () => Promise.reject(new Error('proxy commands must not read Kubernetes in file mode')),
    defaultNamespace: 'default',
    now: () => now,
  };
  return command.run(positionals, { ...commonOptions, ...options } as CommonOptions, ctx);
}
