import type { Server } from 'node:http';
import type { webApi } from '@slack/bolt';
import pino from 'pino';
import { commands } from '../../../commands/index.ts';
import { buildCommandContext } from '../../../src/build-command-context.ts';
import { parseConfig } from '../../../src/config.ts';
import type { Command, CommandContext } from '../../../src/core/command.ts';
import { FileKubeReader } from '../../../src/gatherers/files/file-kube-reader.ts';
import type { ClusterHealth } from '../../../src/health-server.ts';
import type { KubeReader } from '../../../src/kube/kube-reader.ts';
import { createMetrics } from '../../../src/metrics.ts';
import { channelContexts } from '../../../src/slack/channel-contexts.ts';
import type { SlackApp } from '../../../src/slack/create-slack-app.ts';
import { countAudits, launchSlackBot } from '../../../src/start-slack-bot.ts';
import { appToken, botToken, type FakeSlack } from './fake-slack.ts';
import { meshManifests } from './mesh-manifests.ts';

export const signingSecret = 'fake-signing-secret-0123456789';

export type TestAppOptions = {
  /** Only its Web API URL is used, so a bot in another thread can be pointed at it too. */
  fake: Pick<FakeSlack, 'apiUrl'>;
  mode: 'socket' | 'http';
  /** Evidence source; defaults to the inline mesh manifests as cluster "test-cluster". */
  reader?: () => Promise<KubeReader>;
  /** Delay before the reader opens: a slow cluster. */
  readerDelayMs?: number;
  channelBindings?: Record<string, string>;
  /** Defaults to the real command registry. */
  registry?: readonly Command[];
  clientOptions?: webApi.WebClientOptions;
  now?: () => number;
  logLevel?: pino.Level;
  /** The whole base context, as main builds it (botSource + buildCommandContext); replaces `reader`. */
  context?: CommandContext;
  /** The default cluster's state for /healthz (main passes botSource's). */
  clusterHealth?: () => ClusterHealth;
  /** More environment for parseConfig, e.g. MESHDOC_PROXY_TIMEOUT_MS; it reaches commands through buildCommandContext. */
  env?: Record<string, string>;
};

export type TestApp = {
  slack: SlackApp;
  /** HTTP mode: where Bolt's receiver listens. */
  eventsUrl: string | undefined;
  port: number | undefined;
  /** HTTP mode: the receiver's server. */
  server: Server | undefined;
  /** /healthz and /metrics, on their own port (127.0.0.1 in tests). */
  healthPort: number;
  logs: Record<string, unknown>[];
  /** The contexts the reader was asked for, one entry per opened reader. */
  readerRequests: (string | undefined)[];
  audits(): Record<string, unknown>[];
  stop(): Promise<void>;
};

/** Starts the real bot (launchSlackBot: Slack app + health server) against the fake Slack, with an in-memory pino log. */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const { fake } = options;
  const config = parseConfig({
    SLACK_BOT_TOKEN: botToken,
    SLACK_APP_TOKEN: appToken,
    SLACK_SIGNING_SECRET: signingSecret,
    MESHDOC_SLACK_MODE: options.mode,
    SLACK_API_URL: fake.apiUrl,
    MESHDOC_CHANNEL_CONTEXTS: JSON.stringify(options.channelBindings ?? {}),
    PORT: '0',
    MESHDOC_HEALTH_PORT: '0',
    MESHDOC_HEALTH_ADDRESS: '127.0.0.1',
    ...options.env,
  });
  const logs: Record<string, unknown>[] = [];
  const metrics = createMetrics();
  const logger = pino(
    { level: options.logLevel ?? 'info', hooks: { logMethod: countAudits(metrics) } },
    { write: (line: string) => void logs.push(JSON.parse(line)) },
  );
  const readerRequests: (string | undefined)[] = [];
  const fileReader = new FileKubeReader(meshManifests, 'test-cluster');
  // The real builder, so every Config setting reaches the bot as in production; only the reader
  // is replaced (uncached, so each command waits readerDelayMs and is counted).
  const base: CommandContext = options.context ?? {
    ...buildCommandContext(config, { env: {} }),
    reader: async (choice) => {
      readerRequests.push(choice?.context);
      if (options.readerDelayMs) await new Promise((r) => setTimeout(r, options.readerDelayMs));
      return options.reader ? options.reader() : fileReader;
    },
  };
  const bot = await launchSlackBot({
    config,
    registry: options.registry ?? commands,
    contextFor: channelContexts(config, base, 'test-cluster'),
    logger,
    metrics,
    ...(options.clusterHealth ? { clusterHealth: options.clusterHealth } : {}),
    clientOptions: { retryConfig: { retries: 0 }, ...options.clientOptions },
    ...(options.now ? { now: options.now } : {}),
  });
  const port = bot.slackPort;
  return {
    slack: bot.slack,
    port,
    server: bot.slackServer,
    healthPort: bot.healthPort,
    eventsUrl: port ? `http://127.0.0.1:${port}/slack/events` : undefined,
    logs,
    readerRequests,
    audits: () => logs.filter((l) => l.audit === true),
    stop: () => bot.stop(),
  };
}
