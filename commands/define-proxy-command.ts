import type { Command } from '../src/core/command.ts';
import { type ProxyCommandSpec, proxyOptions } from '../src/envoy/proxy-command.ts';
import { readProxyFilters } from '../src/envoy/proxy-filters.ts';
import { gatherProxyDump } from '../src/gatherers/envoy/gather-proxy-dump.ts';

// Not a command itself: the factory the proxy commands share. It lives beside them, not in
// src/envoy, because it reaches the evidence layer's gatherers (src/envoy stays pure).
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
      const started = performance.now();
      const filters = readProxyFilters(options, spec.filters, usage);
      const opened = await gatherProxyDump(positionals, options, ctx, spec.request, usage);
      const report = spec.build(opened, filters, ctx);
      return { ...report, durationMs: Math.round(performance.now() - started) };
    },
  };
}
