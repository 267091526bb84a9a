import type { webApi } from '@slack/bolt';
import pino, { type Logger } from 'pino';
import { commands } from '../commands/index.ts';
import type { Config } from './config.ts';
import type { Command, CommandContext } from './core/command.ts';
import { type ClusterHealth, type HealthServer, startHealthServer } from './health-server.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { type ContextFor, channelContexts } from './slack/channel-contexts.ts';
import { createSlackApp, type SlackApp } from './slack/create-slack-app.ts';

/** Starts the Slack bot plus /healthz and /metrics, and stops cleanly on SIGTERM/SIGINT. */
export async function startSlackBot(
  config: Config,
  mode: 'socket' | 'http',
  ctx: CommandContext,
  clusterHealth: () => ClusterHealth,
): Promise<void> {
  const metrics = createMetrics();
  const logger = pino({ level: config.MESHDOC_LOG_LEVEL, hooks: { logMethod: countAudits(metrics) } });
  const state = clusterHealth();
  const cluster = state.context;
  if (state.state === 'reachable') logger.info({ mode, cluster: state }, `answering from cluster ${cluster}`);
  else
    logger.warn(
      { mode, cluster: state },
      `cluster ${cluster} is ${state.state}: commands answer with that error and ask again until it answers`,
    );
  const bot = await launchSlackBot({
    config,
    registry: commands,
    contextFor: channelContexts(config, ctx, cluster),
    logger,
    metrics,
    clusterHealth,
  });
  logger.info(
    { mode, ...(bot.slackPort !== undefined ? { port: bot.slackPort } : {}), healthPort: bot.healthPort },
    'meshdoc is connected to Slack',
  );
  const stop = async () => {
    await bot.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

export type LaunchSlackBotOptions = {
  config: Config;
  registry: readonly Command[];
  contextFor: ContextFor;
  logger: Logger;
  metrics: Metrics;
  /** The default cluster's last known state, for /healthz. */
  clusterHealth?: () => ClusterHealth;
  /** Web API client options (tests). */
  clientOptions?: webApi.WebClientOptions;
  /** Clock for the share store and event dedupe (tests); the signature guard keeps the wall clock. */
  now?: () => number;
};

export type RunningSlackBot = {
  slack: SlackApp;
  /** HTTP mode: the port and server of Slack's request URL; undefined in Socket Mode. */
  slackPort: number | undefined;
  slackServer: Awaited<ReturnType<SlackApp['start']>>['server'];
  /** /healthz and /metrics, on their own address and port in both modes. */
  health: HealthServer;
  healthPort: number;
  stop(): Promise<void>;
};

/**
 * The bot without the process around it: the health server (answering 503 until Slack is
 * connected), then the Slack app. Slack's port, in HTTP mode, serves /slack/events only.
 */
export async function launchSlackBot(options: LaunchSlackBotOptions): Promise<RunningSlackBot> {
  const { config, metrics } = options;
  const slack = createSlackApp({
    config,
    registry: options.registry,
    contextFor: options.contextFor,
    logger: options.logger,
    ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  let ready = false;
  const health = await startHealthServer(
    { port: config.MESHDOC_HEALTH_PORT, address: config.MESHDOC_HEALTH_ADDRESS },
    metrics,
    () => ready,
    options.clusterHealth,
  );
  let started: Awaited<ReturnType<SlackApp['start']>>;
  try {
    started = await slack.start();
  } catch (error) {
    await health.close();
    throw error;
  }
  ready = true;
  return {
    slack,
    slackPort: started.port,
    slackServer: started.server,
    health,
    healthPort: health.port,
    async stop() {
      ready = false;
      await slack.stop().catch(() => undefined);
      await health.close();
    },
  };
}

/** Turns each audit log line into Prometheus counters, so metrics and audit never disagree. */
/** Deliveries, retries, fallbacks and losses, from an audit line's `delivery` and `attempts`. */
function countDelivery(metrics: Metrics, surface: string, line: Record<string, unknown>): void {
  if (line.delivery !== 'delivered' && line.delivery !== 'lost') return;
  const attempts = Array.isArray(line.attempts) ? line.attempts.map(String) : [];
  const split = attempts.map((a) => {
    const at = a.indexOf(':');
    return { route: a.slice(0, at), result: a.slice(at + 1) };
  });
  for (let i = 1; i < split.length; i++) {
    const before = split[i - 1];
    const now = split[i];
    if (!before || !now) continue;
    if (before.route === now.route)
      metrics.retries.inc({ route: now.route, cause: before.result.split(':')[0] ?? '' });
    else metrics.fallbacks.inc({ from: before.route, to: now.route });
  }
  const outcome = line.delivery;
  metrics.deliveries.inc({
    surface,
    outcome,
    route: outcome === 'delivered' ? String(line.route ?? '') : 'none',
  });
  if (outcome === 'lost') metrics.lost.inc({ surface, cause: split.at(-1)?.result.split(':')[0] ?? 'none' });
}

export function countAudits(metrics: Metrics) {
  return function (this: pino.Logger, args: Parameters<pino.LogFn>, method: pino.LogFn): void {
    const first = args[0] as Record<string, unknown> | undefined;
    if (first && typeof first === 'object' && first.audit === true) {
      const command = String(first.command ?? 'unknown');
      const surface = String(first.surface ?? 'slack');
      metrics.commands.inc({ command, surface, outcome: String(first.verdict ?? first.error ?? 'answered') });
      if (typeof first.durationMs === 'number')
        metrics.duration.observe({ command, surface }, first.durationMs / 1000);
      countDelivery(metrics, surface, first);
    }
    method.apply(this, args as never);
  };
}
