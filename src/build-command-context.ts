import type { Config } from './config.ts';
import type { CommandContext, CommonOptions } from './core/command.ts';
import type { DefaultSource } from './default-source.ts';
import type { KubeReader } from './kube/kube-reader.ts';
import { demoPath, openReader } from './open-reader.ts';

/** What to open; `noDemo` (the bot) makes "no cluster configured" an error, not the demo. */
export type OpenChoice = Pick<CommonOptions, 'context' | 'from'> & { noDemo?: boolean };

export type ContextSetting = {
  env: NodeJS.ProcessEnv;
  /**
   * What answers when an invocation names no --context or --from (chosen once at start-up by the
   * bot and the console); without it, openReader decides per invocation, as the CLI does.
   */
  source?: DefaultSource;
  now?: () => Date;
  /** Opens an evidence source; tests pass a fake. Defaults to openReader. */
  open?: (choice: OpenChoice) => Promise<KubeReader>;
};

/**
 * The one CommandContext builder for the CLI, the console and the Slack bot, so a setting from
 * Config reaches every surface (the Slack copy used to drop MESHDOC_PROXY_TIMEOUT_MS).
 */
export function buildCommandContext(config: Config, setting: ContextSetting): CommandContext {
  const open =
    setting.open ??
    ((choice) =>
      openReader({
        from: choice.from,
        context: choice.context,
        noDemo: choice.noDemo,
        timeoutMs: config.MESHDOC_KUBE_TIMEOUT_MS,
        env: setting.env,
      }));
  const { source } = setting;
  // The demo and live clusters are opened once and reused (kubeconfig and manifests are read
  // once, not per command); explicit --from files are read anew, as they may change between lines.
  const opened = new Map<string, Promise<KubeReader>>();
  return {
    defaultNamespace: config.MESHDOC_DEFAULT_NAMESPACE,
    now: setting.now ?? (() => new Date()),
    proxyTimeoutMs: config.MESHDOC_PROXY_TIMEOUT_MS,
    istioctl: config.MESHDOC_ISTIOCTL,
    analyzeTimeoutMs: config.MESHDOC_ANALYZE_TIMEOUT_MS,
    prometheusUrl: config.MESHDOC_PROMETHEUS_URL,
    prometheusUrls: config.MESHDOC_PROMETHEUS_URLS,
    reader: async (choice) => {
      if (choice?.from) return open({ from: choice.from, context: choice.context });
      // The bot's default cluster is asked again while it does not answer, and its error is the
      // command's answer: never the demo (see botSource).
      if (source?.kind === 'bot' && !choice?.context) await source.status.ensureReachable();
      const context =
        choice?.context ??
        (source?.kind === 'cluster' || source?.kind === 'bot' ? source.context : undefined);
      const demo = !choice?.context && source?.kind === 'demo';
      const key = demo ? 'demo' : `context:${context ?? ''}`;
      let reader = opened.get(key);
      if (!reader) {
        reader = open({ from: demo ? demoPath : undefined, context, noDemo: source?.kind === 'bot' });
        opened.set(key, reader);
        reader.catch(() => opened.delete(key));
      }
      return reader;
    },
  };
}
