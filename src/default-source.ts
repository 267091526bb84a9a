import type { Config } from './config.ts';
import { MeshdocError } from './errors.ts';
import { loadKubeConfig } from './gatherers/kube/load-kube-config.ts';
import { probeCluster } from './gatherers/kube/probe-cluster.ts';
import { clusterConfigured } from './open-reader.ts';

export type DefaultSource =
  | { kind: 'cluster'; context: string | undefined; version: string }
  | { kind: 'demo'; why: string }
  /**
   * The Slack bot's source: always the configured cluster, never the demo. Before opening it for a
   * command, `status.ensureReachable()` asks again if the last look failed, and throws its error.
   */
  | { kind: 'bot'; context: string | undefined; status: ClusterStatus };

export type ConsoleSource = Exclude<DefaultSource, { kind: 'bot' }>;

/**
 * Decides, once at start-up, what answers the console when an invocation names no --context or
 * --from: the configured cluster if it answers, otherwise the bundled demo (and the banner says so).
 * The Slack bot never uses this: see `botSource`.
 */
export async function chooseDefaultSource(config: Config, env: NodeJS.ProcessEnv): Promise<ConsoleSource> {
  const result = await probeDefaultCluster(config, env);
  if (result.ok) return { kind: 'cluster', context: result.context, version: result.version };
  if (!result.configured || result.unusable) return { kind: 'demo', why: result.reason };
  return {
    kind: 'demo',
    why: `the cluster in the kubeconfig (context ${result.context ?? '(none)'}) did not answer: ${result.reason}`,
  };
}

/** What /healthz says about the default cluster: the last look, when it was, and why it failed. */
export type ClusterState = {
  /** The kubeconfig context, `in-cluster`, or `none`. */
  context: string;
  /**
   * `refused`: the API server answered /version with an error (401, 5xx, …); `unusable`: the
   * kubeconfig itself could not be read or used (nothing was asked).
   */
  state: 'reachable' | 'unreachable' | 'refused' | 'unusable' | 'not configured';
  version?: string;
  reason?: string;
  checkedAt: string;
};

export type ClusterStatus = {
  current(): ClusterState;
  /**
   * Resolves when the cluster answered its last look (re-asking when that look failed or is older
   * than `maxAgeMs`); otherwise asks again and throws "Cluster X did not answer: …".
   */
  ensureReachable(): Promise<void>;
};

export type ProbeFn = (
  config: Config,
  env: NodeJS.ProcessEnv,
) => Promise<
  | { ok: true; context: string | undefined; version: string }
  | {
      ok: false;
      context: string | undefined;
      configured: boolean;
      reason: string;
      /** The API server answered /version, with an error (401, 5xx, …). */
      answered?: boolean;
      /** The kubeconfig itself could not be loaded; nothing was asked. */
      unusable?: boolean;
    }
>;

/** One look at the default cluster: GET /version within min(MESHDOC_KUBE_TIMEOUT_MS, 3 s). */
export const probeDefaultCluster: ProbeFn = async (config, env) => {
  if (!clusterConfigured(env))
    return {
      ok: false,
      context: undefined,
      configured: false,
      reason: 'no kubeconfig and no in-cluster service account found',
    };
  let context: string | undefined;
  try {
    const kc = await loadKubeConfig(undefined, undefined, env);
    context = kc.context;
    const probe = await probeCluster(kc, Math.min(config.MESHDOC_KUBE_TIMEOUT_MS, 3000));
    return probe.ok
      ? { ok: true, context, version: probe.version }
      : { ok: false, context, configured: true, reason: probe.reason, answered: probe.answered };
  } catch (error) {
    return {
      ok: false,
      context,
      configured: true,
      unusable: true,
      reason: firstLine(error),
    };
  }
};

/**
 * The Slack bot's default source. A bot connected to Slack answers about the configured cluster
 * or says it cannot: the demo's invented pods in a real workspace would be read as facts. An
 * unreachable cluster at start-up (a slow API server while the pod starts, a network policy) is
 * logged and reported by /healthz, and every command asks again until it answers.
 */
export async function botSource(
  config: Config,
  env: NodeJS.ProcessEnv,
  options: { probe?: ProbeFn; now?: () => Date; maxAgeMs?: number } = {},
): Promise<Extract<DefaultSource, { kind: 'bot' }>> {
  const probe = options.probe ?? probeDefaultCluster;
  const now = options.now ?? (() => new Date());
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  let state: ClusterState;
  let lastLook = 0;
  let inFlight: Promise<ClusterState> | undefined;
  const look = () => {
    inFlight ??= probe(config, env)
      .then((result): ClusterState => {
        const at = now();
        lastLook = at.getTime();
        const context = result.context ?? (result.ok || result.configured ? 'in-cluster' : 'none');
        state = result.ok
          ? { context, state: 'reachable', version: result.version, checkedAt: at.toISOString() }
          : {
              context,
              state: !result.configured
                ? 'not configured'
                : result.unusable
                  ? 'unusable'
                  : result.answered
                    ? 'refused'
                    : 'unreachable',
              reason: result.reason,
              checkedAt: at.toISOString(),
            };
        return state;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  state = await look();
  const context = state.context === 'in-cluster' || state.context === 'none' ? undefined : state.context;
  return {
    kind: 'bot',
    context,
    status: {
      current: () => state,
      async ensureReachable() {
        const fresh = now().getTime() - lastLook < maxAgeMs;
        const seen = state.state === 'reachable' && fresh ? state : await look();
        if (seen.state === 'reachable') return;
        if (seen.state === 'not configured') {
          throw new MeshdocError('unreachable', `meshdoc has no cluster to ask: ${sentence(seen.reason)}`, {
            hint: "Mount a kubeconfig (KUBECONFIG) or run in the cluster with meshdoc's ServiceAccount token.",
          });
        }
        if (seen.state === 'unusable') {
          // The loader's own sentence: which file, and what is wrong with it.
          throw new MeshdocError(
            'bad_input_file',
            `meshdoc cannot use its kubeconfig: ${sentence(seen.reason)}`,
            {
              hint: 'Fix the kubeconfig the bot mounts (KUBECONFIG); meshdoc reads it again on the next command.',
            },
          );
        }
        if (seen.state === 'refused') {
          // The reason is the API server's answer as translated, e.g. "… rejected meshdoc's credentials (401 Unauthorized)."
          throw new MeshdocError('upstream_failed', sentence(seen.reason), {
            hint: 'meshdoc asks again on the next command.',
          });
        }
        throw new MeshdocError(
          'unreachable',
          `Cluster ${seen.context} did not answer: ${sentence(seen.reason)}`,
          {
            hint: 'meshdoc asks again on the next command; check the API server address, the network policy and the kubeconfig.',
          },
        );
      },
    },
  };
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? 'unknown error') : 'unknown error';
}

function sentence(reason: string | undefined): string {
  const text = (reason ?? 'no reason given').trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
