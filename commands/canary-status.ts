import * as z from 'zod/mini';
import { defineCommand } from '../src/core/command.ts';
import { formatTarget } from '../src/core/target.ts';
import { UsageError } from '../src/errors.ts';

const usage =
  'canary status <app> -n <namespace> [--window 5m] [--verbose] [--chart FILE] [-o json] [--context <ctx>] [--from <path>] [--save-evidence FILE]';

// "5m", "90s", "1h": the window health and the observed split are measured over.
const window = z.pipe(
  z.string().check(z.regex(/^\d{1,4}[smh]$/, 'must be a duration such as 5m, 90s or 1h')),
  z.transform((v) => Number(v.slice(0, -1)) * { s: 1, m: 60, h: 3600 }[v.slice(-1) as 's' | 'm' | 'h']),
);

export const canaryStatus = defineCommand({
  name: 'canary status',
  summary: "A canary's state in one word (Flagger, Argo Rollouts or a VirtualService split), and why",
  usage,
  examples: [
    'canary status podinfo -n podinfo',
    'canary status search -n catalog',
    'canary status cart -n storefront',
    'canary status recommend -n reco --window 10m',
  ],
  common: ['namespace', 'context', 'from', 'save-evidence'],
  flags: {
    window: {
      type: 'string',
      value: 'DURATION',
      description:
        "Window for health and the observed split (default: the controller's metric interval, else 5m; 30s to 24h)",
      schema: window,
    },
    verbose: { type: 'boolean', description: 'List every finding and every check that passed' },
    chart: {
      type: 'string',
      value: 'FILE',
      description: 'Write the canary-vs-stable chart (PNG) to FILE',
      reach: 'local',
      slackRefusal:
        'In Slack the chart is uploaded into the thread with the answer; --chart FILE is for the CLI.',
    },
  },
  positionals: [1, 1],
  target: { kinds: ['app'] },
  patience: 'It reads the routing objects and asks Prometheus: a few seconds.',
  async run(_positionals, options, ctx) {
    const target = options.target;
    if (!target) throw new UsageError('canary status needs an app.', usage);
    const seconds = options.flags.window;
    if (seconds !== undefined && (seconds < 30 || seconds > 86_400))
      throw new UsageError(`--window must be between 30s and 24h (got ${seconds}s).`, usage);
    const reader = await ctx.reader(options);
    const started = ctx.now().getTime();
    // Loaded when the command runs: no other command's start needs it.
    const { canaryStatusReport } = await import('../src/gatherers/canary/canary-status-report.ts');
    const report = await canaryStatusReport(reader, ctx, {
      app: target.name,
      namespace: target.namespace,
      namespaceGiven: options.namespace !== undefined,
      windowSeconds: seconds,
      verbose: options.flags.verbose === true,
      chartFile: options.flags.chart,
      drawChart: options.surface === 'slack',
      saveTo: options['save-evidence'],
      target: formatTarget(target),
    });
    return { ...report, durationMs: ctx.now().getTime() - started };
  },
});
