import * as z from 'zod';
import { MeshdocError } from './errors.ts';

/** pino's levels, as MESHDOC_LOG_LEVEL takes them (the bot, the CLI and the console alike). */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// process.env is read here and nowhere else; the parsed Config is passed down.
const ConfigSchema = z
  .object({
    SLACK_BOT_TOKEN: z.string().startsWith('xoxb-').optional(),
    SLACK_APP_TOKEN: z.string().startsWith('xapp-').optional(),
    SLACK_SIGNING_SECRET: z.string().min(8).optional(),
    /** socket (default, no public ingress) or http (Events API + signed requests). */
    MESHDOC_SLACK_MODE: z.enum(['socket', 'http']).default('socket'),
    /** Override of Slack's Web API base URL (tests point it at a local stand-in). */
    SLACK_API_URL: z.url().optional(),
    /** HTTP mode: where Slack's signed requests arrive (/slack/events), and nothing else. */
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /**
     * Bind address of /healthz and /metrics, on their own port, never on Slack's. All IPv4
     * interfaces by default: the kubelet probes and Prometheus scrapes the pod IP, so loopback would
     * fail every probe. Use 127.0.0.1 outside a pod, :: in an IPv6-only cluster.
     */
    MESHDOC_HEALTH_ADDRESS: z
      .union([z.ipv4(), z.ipv6()], {
        error: 'must be an IP address to listen on, e.g. 0.0.0.0, 127.0.0.1 or ::',
      })
      .default('0.0.0.0'),
    /** Port of /healthz and /metrics (0 picks a free one; tests). */
    MESHDOC_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(9090),
    MESHDOC_DEFAULT_NAMESPACE: z.string().default('default'),
    MESHDOC_KUBE_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    /** Deadline for fetching a live Envoy config dump through a port-forward (tens of MB in big meshes). */
    MESHDOC_PROXY_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
    /** One post of an answer to Slack (response_url or a Web API call); a hung post is abandoned after this. */
    MESHDOC_SLACK_POST_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    /** From an answer being ready to it being delivered or declared lost, retries and fallbacks included. */
    MESHDOC_SLACK_DELIVERY_DEADLINE_MS: z.coerce.number().int().positive().default(60_000),
    /** Path of the istioctl binary meshdoc runs (the image ships a pinned one); default: `istioctl` on PATH. */
    MESHDOC_ISTIOCTL: z.string().min(1).default('istioctl'),
    /** Prometheus base URL for mesh metrics (e.g. http://prometheus.istio-system:9090); none when unset. */
    MESHDOC_PROMETHEUS_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** JSON object: Slack channel id → kubeconfig context answering in that channel. */
    MESHDOC_CHANNEL_CONTEXTS: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (!v) return {} as Record<string, string>;
        try {
          return z.record(z.string(), z.string()).parse(JSON.parse(v));
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be a JSON object of channel id → context name' });
          return z.NEVER;
        }
      }),
    MESHDOC_LOG_LEVEL: z.enum(logLevels).default('info'),
    KUBECONFIG: z.string().optional(),
  })
  .loose()
  .check((ctx) => {
    const { PORT, MESHDOC_HEALTH_PORT, MESHDOC_SLACK_MODE } = ctx.value;
    if (MESHDOC_SLACK_MODE === 'http' && PORT !== 0 && PORT === MESHDOC_HEALTH_PORT) {
      ctx.issues.push({
        code: 'custom',
        input: MESHDOC_HEALTH_PORT,
        path: ['MESHDOC_HEALTH_PORT'],
        message: `must differ from PORT (${PORT}): /healthz and /metrics never share Slack's request port`,
      });
    }
  });

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
