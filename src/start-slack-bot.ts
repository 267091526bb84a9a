import pino from 'pino';
import { commands } from '../commands/index.ts';
import type { Config } from './config.ts';
import type { CommandContext } from './core/command.ts';
import { startHealthServer, writeMetrics } from './health-server.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { channelContexts } from './slack/channel-contexts.ts';
import { createSlackApp } from './slack/create-slack-app.ts';

/** Starts the Slack bot plus /healthz and /metrics, and stops cleanly on SIGTERM/SIGINT. */
export async function startSlackBot(
  config: Config,
  mode: 'socket' | 'http',
  ctx: CommandContext,
  source: string,
  cluster: string,
): Promise<void> {
  const metrics = createMetrics();
  const logger = pino({ level: config.MESHDOC_LOG_LEVEL, hooks: { logMethod: countAudits(metrics) } });
  logger.info({ mode }, source);
  const slack = createSlackApp({
    config,
    registry: commands,
    contextFor: channelContexts(config, ctx, cluster),
    logger,
    routes: [
      {
        path: '/metrics',
        method: ['GET'],
        handler: (_req, res) => writeMetrics(metrics, res),
      },
    ],
  });
  let ready = false;
  // In HTTP mode Bolt's receiver serves /healthz and /metrics on PORT; in Socket Mode nothing
  // listens, so a small server of our own does.
  const health = mode === 'socket' ? await startHealthServer(config.PORT, metrics, () => ready) : undefined;
  await slack.start();
  ready = true;
  logger.info({ mode, port: config.PORT }, 'meshdoc is connected to Slack');
  const stop = async () => {
    ready = false;
    await slack.stop().catch(() => undefined);
    health?.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

/** Turns each audit log line into Prometheus counters, so metrics and audit never disagree. */
function countAudits(metrics: Metrics) {
  return function (this: pino.Logger, args: Parameters<pino.LogFn>, method: pino.LogFn): void {
    const first = args[0] as Record<string, unknown> | undefined;
    if (first && typeof first === 'object' && first.audit === true) {
      const command = String(first.command ?? 'unknown');
      const surface = String(first.surface ?? 'slack');
      metrics.commands.inc({ command, surface, outcome: String(first.verdict ?? first.error ?? 'answered') });
      if (typeof first.durationMs === 'number')
        metrics.duration.observe({ command, surface }, first.durationMs / 1000);
    }
    method.apply(this, args as never);
  };
}
