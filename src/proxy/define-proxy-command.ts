import type { Command, CommandContext, CommandOptions } from '../core/command.ts';
import { type FlagSpecs, type FlagValues, flagsUsage } from '../core/flag-spec.ts';
import type { Report } from '../core/report.ts';
import type { DumpRequest } from '../envoy/dump-source.ts';
import type { OpenedDump } from '../envoy/open-proxy-dump.ts';

export type ProxyCommandSpec<F extends FlagSpecs> = {
  name: string;
  summary: string;
  examples: readonly string[];
  /** The command's filters (usually picked from proxyFlags); usage and help are built from them. */
  flags: F;
  request: DumpRequest;
  /**
   * Loads the function that builds the report from the loaded dump (`durationMs` is filled in
   * afterwards). A dynamic import in each command (src/proxy/reports/<name>-report.ts): the
   * report code and the Envoy schemas it parses with are built only when the command runs, not
   * at every start of the CLI.
   */
  report: () => Promise<ProxyReportBuilder<F>>;
};

export type ProxyReportBuilder<F extends FlagSpecs> = (
  opened: OpenedDump,
  filters: FlagValues<F>,
  ctx: CommandContext,
) => Omit<Report, 'durationMs'>;

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

type ProxyCommand<F extends FlagSpecs> = Command<F & typeof dumpFileFlags, 'pod'>;

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
      options: CommandOptions<F & typeof dumpFileFlags, 'pod'>,
      ctx: CommandContext,
    ) {
      // The injected clock, not performance.now(): a fixed clock makes reports (and goldens) repeatable.
      const started = ctx.now().getTime();
      const { file, ...filters } = options.flags as Record<string, unknown>;
      const target = options.target;
      const [{ gatherProxyDump }, build] = await Promise.all([
        import('../gatherers/envoy/gather-proxy-dump.ts'),
        spec.report(),
      ]);
      const opened = await gatherProxyDump(
        target,
        typeof file === 'string' ? file : undefined,
        options,
        ctx,
        spec.request,
        usage,
      );
      // What is left are exactly the spec's own flags, parsed against its declarations.
      const report = build(opened, filters as FlagValues<F>, ctx);
      return { ...report, durationMs: ctx.now().getTime() - started };
    },
  };
}
