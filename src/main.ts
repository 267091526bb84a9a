import { commands } from '../commands/index.ts';
import { buildCommandContext } from './build-command-context.ts';
import { parseConfig, slackMode } from './config.ts';
import { runConsole } from './console/run-console.ts';
import { chooseDefaultSource, type DefaultSource } from './default-source.ts';
import { MeshdocError } from './errors.ts';
import { demoPath } from './open-reader.ts';
import { startSlackBot } from './start-slack-bot.ts';

/** Composition root: config → default evidence source → Slack bot, or the local console. */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const source = await chooseDefaultSource(config, process.env);
  const ctx = buildCommandContext(config, { env: process.env, source });
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
