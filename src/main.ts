import { commands } from '../commands/index.ts';
import { type Config, parseConfig, slackMode } from './config.ts';
import { runConsole } from './console/run-console.ts';
import type { CommandContext } from './core/command.ts';
import type { KubeReader } from './core/kube-reader.ts';
import { chooseDefaultSource, type DefaultSource } from './default-source.ts';
import { MeshdocError } from './errors.ts';
import { demoPath, openReader } from './open-reader.ts';
import { startSlackBot } from './start-slack-bot.ts';

/** Composition root: config → default evidence source → Slack bot, or the local console. */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const source = await chooseDefaultSource(config, process.env);
  const ctx = makeContext(config, source);
  const mode = slackMode(config);
  if (mode !== 'none') {
    await startSlackBot(
      config,
      mode,
      ctx,
      describeSource(source),
      source.kind === 'cluster' ? (source.context ?? 'in-cluster') : 'demo',
    );
    return;
  }
  const banner = [
    'meshdoc console — no Slack credentials set (SLACK_BOT_TOKEN with SLACK_APP_TOKEN, or SLACK_SIGNING_SECRET), so replies print here.',
    describeSource(source),
    'Type a /mesh command, e.g.  /mesh why-not-injected reviews-v2-5b7d9c8f4-xk2lp -n bookinfo   ·   /mesh help   ·   exit',
  ].join('\n');
  await runConsole(
    commands,
    ctx,
    {
      input: process.stdin,
      write: (s) => process.stdout.write(s),
      color: process.stdout.isTTY === true && !process.env.NO_COLOR,
      interactive: process.stdin.isTTY === true,
    },
    banner,
  );
}

function describeSource(source: DefaultSource): string {
  return source.kind === 'cluster'
    ? `Answering from cluster context ${source.context ?? 'in-cluster'} (Kubernetes ${source.version}).`
    : `Answering from the bundled DEMO scenario (${demoPath}) because ${source.why}.`;
}

function makeContext(config: Config, source: DefaultSource): CommandContext {
  // The demo and live clusters are opened once and reused (kubeconfig and manifests are read
  // once, not per command); explicit --from files are read anew, as they may change between lines.
  const opened = new Map<string, Promise<KubeReader>>();
  return {
    defaultNamespace: config.MESHDOC_DEFAULT_NAMESPACE,
    now: () => new Date(),
    proxyTimeoutMs: config.MESHDOC_PROXY_TIMEOUT_MS,
    reader: (choice) => {
      const open = (from: string | undefined, context: string | undefined) =>
        openReader({ from, context, timeoutMs: config.MESHDOC_KUBE_TIMEOUT_MS, env: process.env });
      if (choice?.from) return open(choice.from, choice.context);
      const context = choice?.context ?? (source.kind === 'cluster' ? source.context : undefined);
      const demo = !choice?.context && source.kind === 'demo';
      const key = demo ? 'demo' : `context:${context ?? ''}`;
      let reader = opened.get(key);
      if (!reader) {
        reader = open(demo ? demoPath : undefined, context);
        opened.set(key, reader);
        reader.catch(() => opened.delete(key));
      }
      return reader;
    },
  };
}

main().catch((error: unknown) => {
  const message =
    error instanceof MeshdocError
      ? error.userMessage
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`meshdoc could not start: ${message}\n`);
  process.exitCode = 1;
});
