import { fstatSync } from 'node:fs';
import { commands } from '../commands/index.ts';
import { buildCommandContext } from './build-command-context.ts';
import { parseConfig, slackMode } from './config.ts';
import { runConsole } from './console/run-console.ts';
import { botSource, type ConsoleSource, chooseDefaultSource } from './default-source.ts';
import { MeshdocError } from './errors.ts';
import { demoPath } from './open-reader.ts';
import { startSlackBot } from './start-slack-bot.ts';

/**
 * Composition root: config → Slack bot (always the configured cluster), or the local console
 * (the configured cluster if it answers, else the bundled demo). Half a Slack configuration, or
 * no Slack settings and nothing to read commands from, is a configuration error (exit 1).
 */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const mode = slackMode(config);
  if (mode !== 'none') {
    const source = await botSource(config, process.env);
    const ctx = buildCommandContext(config, { env: process.env, source });
    await startSlackBot(config, mode, ctx, source.status.current);
    return;
  }
  refuseConsoleWithoutInput();
  const source = await chooseDefaultSource(config, process.env);
  const ctx = buildCommandContext(config, { env: process.env, source });
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

function describeSource(source: ConsoleSource): string {
  return source.kind === 'cluster'
    ? `Answering from cluster context ${source.context ?? 'in-cluster'} (Kubernetes ${source.version}).`
    : `Answering from the bundled DEMO scenario (${demoPath}) because ${source.why}.`;
}

/**
 * The console reads commands from a terminal, or from piped or redirected input (scripts, tests).
 * Stdin on /dev/null or closed, as in a container with no Slack settings and no `-it`, would read
 * nothing and exit 0, restarted forever in a crash loop that never says what is missing.
 */
function refuseConsoleWithoutInput(): void {
  if (process.stdin.isTTY) return;
  let readable = false;
  try {
    const stat = fstatSync(0);
    readable = stat.isFIFO() || stat.isFile() || stat.isSocket();
  } catch {
    readable = false; // stdin closed
  }
  if (readable) return;
  throw new MeshdocError(
    'usage',
    'no Slack settings (SLACK_BOT_TOKEN with SLACK_APP_TOKEN, or with SLACK_SIGNING_SECRET and MESHDOC_SLACK_MODE=http) and no terminal for the console (stdin is not a terminal, a pipe or a file); set the Slack variables to run the bot, or run meshdoc with a terminal (docker run -it) or piped commands.',
  );
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
