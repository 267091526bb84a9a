import * as z from 'zod/mini';
import './schemas/zod-messages.ts';
import { MeshdocError } from './errors.ts';

/** pino's levels, as MESHDOC_LOG_LEVEL takes them (the bot, the CLI and the console alike). */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(65535)), fallback);
const positiveMs = (fallback: number) => z._default(z.coerce.number().check(z.int(), z.positive()), fallback);

const ChannelContexts = z.pipe(
  z.optional(z.string()),
  z.transform((v: string | undefined, ctx) => {
    if (!v) return {} as Record<string, string>;
    try {
      return z.record(z.string(), z.string()).parse(JSON.parse(v));
    } catch {
      ctx.issues.push({
        code: 'custom',
        input: v,
        message: 'must be a JSON object of channel id → context name',
      });
      return z.NEVER;
    }
  }),
);

const PrometheusUrls = z.pipe(
  z.optional(z.string()),
  z.transform((v: string | undefined, ctx) => {
    if (!v) return {} as Record<string, string>;
    try {
      return z.record(z.string(), z.url({ protocol: /^https?$/ })).parse(JSON.parse(v));
    } catch {
      ctx.issues.push({
        code: 'custom',
        input: v,
        message: 'must be a JSON object of kubeconfig context → Prometheus URL (http or https)',
      });
      return z.NEVER;
    }
  }),
);

// process.env is read here and nowhere else; the parsed Config is passed down. Only the settings
// below are kept: the rest of the environment is not copied (a loose object copies every variable,
// a few ms of every CLI start).
const ConfigSchema = z
  .object({
    SLACK_BOT_TOKEN: z.optional(z.string().check(z.startsWith('xoxb-'))),
    SLACK_APP_TOKEN: z.optional(z.string().check(z.startsWith('xapp-'))),
    SLACK_SIGNING_SECRET: z.optional(z.string().check(z.minLength(8))),
    /** socket (default, no public ingress) or http (Events API + signed requests). */
    MESHDOC_SLACK_MODE: z._default(z.enum(['socket', 'http']), 'socket'),
    /** Override of Slack's Web API base URL (tests point it at a local stand-in). */
    SLACK_API_URL: z.optional(z.url()),
    /** HTTP mode: where Slack's signed requests arrive (/slack/events), and nothing else. */
    PORT: port(3000),
    /**
     * Bind address of /healthz and /metrics, on their own port, never on Slack's. All IPv4
     * interfaces by default: the kubelet probes and Prometheus scrapes the pod IP, so loopback would
     * fail every probe. Use 127.0.0.1 outside a pod, :: in an IPv6-only cluster.
     */
    MESHDOC_HEALTH_ADDRESS: z._default(
      z.union([z.ipv4(), z.ipv6()], {
        error: 'must be an IP address to listen on, e.g. 0.0.0.0, 127.0.0.1 or ::',
      }),
      '0.0.0.0',
    ),
    /** Port of /healthz and /metrics (0 picks a free one; tests). */
    MESHDOC_HEALTH_PORT: port(9090),
    MESHDOC_DEFAULT_NAMESPACE: z._default(z.string(), 'default'),
    MESHDOC_KUBE_TIMEOUT_MS: positiveMs(10_000),
    /** Deadline for fetching a live Envoy config dump through a port-forward (tens of MB in big meshes). */
    MESHDOC_PROXY_TIMEOUT_MS: positiveMs(60_000),
    /** Deadline for `istioctl analyze` (tens of seconds on a big cluster). */
    MESHDOC_ANALYZE_TIMEOUT_MS: positiveMs(60_000),
    /** One post of an answer to Slack (response_url or a Web API call); a hung post is abandoned after this. */
    MESHDOC_SLACK_POST_TIMEOUT_MS: positiveMs(10_000),
    /** From an answer being ready to it being delivered or declared lost, retries and fallbacks included. */
    MESHDOC_SLACK_DELIVERY_DEADLINE_MS: positiveMs(60_000),
    /** Path of the istioctl binary meshdoc runs (the image ships a pinned one); default: `istioctl` on PATH. */
    MESHDOC_ISTIOCTL: z._default(z.string().check(z.minLength(1)), 'istioctl'),
    /** Prometheus base URL for mesh metrics (e.g. http://prometheus.istio-system:9090); none when unset. */
    MESHDOC_PROMETHEUS_URL: z.optional(z.url({ protocol: /^https?$/ })),
    /** JSON object: kubeconfig context → its Prometheus, when several clusters are bound (wins over the URL above). */
    MESHDOC_PROMETHEUS_URLS: PrometheusUrls,
    /** JSON object: Slack channel id → kubeconfig context answering in that channel. */
    MESHDOC_CHANNEL_CONTEXTS: ChannelContexts,
    MESHDOC_LOG_LEVEL: z._default(z.enum(logLevels), 'info'),
    KUBECONFIG: z.optional(z.string()),
  })
  .check(
    z.superRefine((value, ctx) => {
      const { PORT, MESHDOC_HEALTH_PORT, MESHDOC_SLACK_MODE } = value;
      if (MESHDOC_SLACK_MODE === 'http' && PORT !== 0 && PORT === MESHDOC_HEALTH_PORT) {
        ctx.addIssue({
          code: 'custom',
          input: MESHDOC_HEALTH_PORT,
          path: ['MESHDOC_HEALTH_PORT'],
          message: `must differ from PORT (${PORT}): /healthz and /metrics never share Slack's request port`,
        });
      }
    }),
  );

export type Config = z.infer<typeof ConfigSchema>;

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new MeshdocError('usage', `Invalid configuration:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/**
 * Which Slack transport the settings ask for, or none (then meshdoc starts its local console).
 * Half a Slack configuration is a configuration error naming the missing variable, never a quiet
 * fall into the console: in a container that console reads an empty stdin and exits 0, a crash
 * loop with no word about the setting that was forgotten.
 */
export function slackMode(config: Config): 'socket' | 'http' | 'none' {
  const { SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, MESHDOC_SLACK_MODE } = config;
  if (!SLACK_BOT_TOKEN) {
    const given = [
      SLACK_APP_TOKEN && 'SLACK_APP_TOKEN',
      SLACK_SIGNING_SECRET && 'SLACK_SIGNING_SECRET',
    ].filter(Boolean);
    if (given.length === 0) return 'none';
    throw new MeshdocError(
      'usage',
      `${given.join(' and ')} ${given.length > 1 ? 'are' : 'is'} set but SLACK_BOT_TOKEN is not: set SLACK_BOT_TOKEN (xoxb-…) to run the Slack bot, or unset ${given.join(' and ')} for the local console.`,
    );
  }
  if (MESHDOC_SLACK_MODE === 'http') {
    if (SLACK_SIGNING_SECRET) return 'http';
    throw new MeshdocError(
      'usage',
      "SLACK_BOT_TOKEN is set with MESHDOC_SLACK_MODE=http but SLACK_SIGNING_SECRET is not: HTTP mode needs the Slack app's signing secret.",
    );
  }
  if (SLACK_APP_TOKEN) return 'socket';
  throw new MeshdocError(
    'usage',
    'SLACK_BOT_TOKEN is set but SLACK_APP_TOKEN is not: Socket Mode (the default) needs an app-level token (xapp-…); for HTTP mode set MESHDOC_SLACK_MODE=http and SLACK_SIGNING_SECRET.',
  );
}
