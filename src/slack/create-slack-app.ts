import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { type Config, slackMode } from '../config.ts';
import type { Command } from '../core/command.ts';
import { MeshdocError } from '../errors.ts';
import { boltLogger } from './bolt-logger.ts';
import type { ContextFor } from './channel-contexts.ts';
import { deliveryPolicy } from './delivery/delivery-policy.ts';
import { ResponseUrlBudget } from './delivery/response-url-budget.ts';
import { registerMention } from './mention.ts';
import { registerMeshCommand } from './mesh-command.ts';
import { QuietGate } from './quiet-gate.ts';
import { registerShareAction } from './share-action.ts';
import { guardSignedRequests } from './signed-request-guard.ts';
import type { SharedAnswer, SlackDeps } from './slack-deps.ts';
import { TtlCache } from './ttl-cache.ts';

export type CreateSlackAppOptions = {
  config: Config;
  registry: readonly Command[];
  /** Channel → CommandContext (see channelContexts for the MESHDOC_CHANNEL_CONTEXTS binding). */
  contextFor: ContextFor;
  logger: Logger;
  /** Web API client options; tests set slackApiUrl and retryConfig. Merged over the defaults. */
  clientOptions?: webApi.WebClientOptions;
  /** Clock for the share store and event dedupe (tests). */
  now?: () => number;
};

export type SlackApp = {
  app: App;
  mode: 'socket' | 'http';
  receiver: SocketModeReceiver | HTTPReceiver;
  /** Socket Mode: resolves once Slack said hello. HTTP: resolves listening, with port and server. */
  start(): Promise<{ port: number | undefined; server: Server | undefined }>;
  stop(): Promise<void>;
};

// The SDK's default retries for about 30 minutes; an on-call answer that late is useless, so a
// failing call gives up after a few tries. A 429 is returned at once rather than waited out: the
// SDK waits by pausing its one request queue, which stalled every other conversation's reply.
const defaultClientOptions: webApi.WebClientOptions = {
  retryConfig: { retries: 4, factor: 2, minTimeout: 500, maxTimeout: 8000 },
  rejectRateLimitedCalls: true,
};

/**
 * One Bolt App for meshdoc: Socket Mode (app token, no public ingress) by default, or the HTTP
 * receiver (signed requests on /slack/events, and nothing else: /healthz and /metrics have their
 * own port, see health-server.ts) when MESHDOC_SLACK_MODE=http.
 */
export function createSlackApp(options: CreateSlackAppOptions): SlackApp {
  const { config } = options;
  const mode = slackMode(config);
  if (mode === 'none') {
    throw new MeshdocError('usage', 'Slack is not configured.', {
      hint: 'Set SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Socket Mode), or with SLACK_SIGNING_SECRET and MESHDOC_SLACK_MODE=http.',
    });
  }
  // A fresh object: Bolt and the Socket Mode client write into the options they are given.
  const clientOptions: webApi.WebClientOptions = {
    ...defaultClientOptions,
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    ...options.clientOptions,
  };
  if (clientOptions.slackApiUrl) clientOptions.slackApiUrl = withSlash(clientOptions.slackApiUrl);
  const logger = boltLogger(options.logger);
  // Receivers are built here rather than by App, so the Socket Mode client gets the same Web API
  // options (slackApiUrl for apps.connections.open) and callers can reach the receiver.
  const receiver =
    mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.SLACK_APP_TOKEN ?? '',
          logger,
          installerOptions: { clientOptions: { ...clientOptions } },
        })
      : new HTTPReceiver({
          signingSecret: config.SLACK_SIGNING_SECRET ?? '',
          logger,
        });
  // Bolt refuses stale timestamps; this also refuses future ones and replays of a signed request.
  if (receiver instanceof HTTPReceiver) {
    guardSignedRequests(receiver, {
      signingSecret: config.SLACK_SIGNING_SECRET ?? '',
      logger: options.logger,
    });
  }
  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    logger,
    clientOptions: { ...clientOptions },
    receiver,
  });

  const now = options.now ?? Date.now;
  const policy = deliveryPolicy(config);
  // Answers go out through a client of their own that never retries by itself: the delivery
  // policy retries per message (Retry-After, backoff, fallbacks) within its deadline.
  const deliveryClient = new webApi.WebClient(config.SLACK_BOT_TOKEN, {
    ...clientOptions,
    logger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: policy.postTimeoutMs,
  });
  const deps: SlackDeps = {
    registry: options.registry,
    contextFor: options.contextFor,
    logger: options.logger,
    shares: new TtlCache<SharedAnswer>({ ttlMs: 30 * 60_000, maxEntries: 500, now }),
    // Slack retries an event after ~0 s, 1 min and 5 min; ten minutes covers all three.
    seenEvents: new TtlCache<true>({ ttlMs: 10 * 60_000, maxEntries: 10_000, now }),
    gate: new QuietGate(),
    delivery: { client: deliveryClient, policy, budget: new ResponseUrlBudget(now) },
  };
  registerMeshCommand(app, deps);
  registerMention(app, deps);
  registerShareAction(app, deps);
  // Listeners catch their own errors; this is the net for anything thrown inside Bolt itself.
  app.error(async (error) => {
    options.logger.error({ err: error }, 'bolt error');
  });

  return {
    app,
    mode,
    receiver,
    async start() {
      if (mode === 'http') {
        const server = await app.start(config.PORT);
        return { port: (server.address() as AddressInfo).port, server };
      }
      await app.start();
      return { port: undefined, server: undefined };
    },
    async stop() {
      await app.stop();
    },
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
