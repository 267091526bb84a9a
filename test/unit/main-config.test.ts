import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

// `npm start` (src/main.ts) as a child process, started the way a container starts it: half a
// Slack configuration, or no Slack settings and no terminal, is a configuration error that names
// what is missing and exits 1, never a console reading an empty stdin and exiting 0 (issue 9).

const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const botToken = 'xoxb-1-fake';
const appToken = 'xapp-1-fake';

async function start(env: NodeJS.ProcessEnv, stdin: 'ignore' | 'pipe' = 'ignore') {
  const home = await mkdtemp(join(tmpdir(), 'meshdoc-main-'));
  return execa(process.execPath, [main], {
    env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', MESHDOC_LOG_LEVEL: 'silent', ...env },
    extendEnv: false,
    stdin,
    timeout: 30_000,
    reject: false,
  });
}

describe('meshdoc start-up: half a Slack configuration', () => {
  it.each([
    [
      'SLACK_BOT_TOKEN without SLACK_APP_TOKEN (Socket Mode)',
      { SLACK_BOT_TOKEN: botToken },
      'SLACK_BOT_TOKEN is set but SLACK_APP_TOKEN is not: Socket Mode (the default) needs an app-level token (xapp-…); for HTTP mode set MESHDOC_SLACK_MODE=http and SLACK_SIGNING_SECRET.',
    ],
    [
      'SLACK_BOT_TOKEN without SLACK_SIGNING_SECRET (HTTP mode)',
      { SLACK_BOT_TOKEN: botToken, SLACK_APP_TOKEN: appToken, MESHDOC_SLACK_MODE: 'http' },
      "SLACK_BOT_TOKEN is set with MESHDOC_SLACK_MODE=http but SLACK_SIGNING_SECRET is not: HTTP mode needs the Slack app's signing secret.",
    ],
    [
      'SLACK_APP_TOKEN without SLACK_BOT_TOKEN',
      { SLACK_APP_TOKEN: appToken },
      'SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not: set SLACK_BOT_TOKEN (xoxb-…) to run the Slack bot, or unset SLACK_APP_TOKEN for the local console.',
    ],
  ])('%s: exits 1 naming the missing variable', async (_name, env, sentence) => {
    const result = await start(env, 'pipe');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`meshdoc could not start: ${sentence}`);
  });
});

describe('meshdoc start-up: no Slack settings', () => {
  it('and no terminal (stdin is /dev/null, as in a container): exits 1 saying so', async () => {
    const result = await start({}, 'ignore');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^meshdoc could not start: no Slack settings \(SLACK_BOT_TOKEN with SLACK_APP_TOKEN, .*\) and no terminal for the console/,
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('and piped input: the console runs it (as test/unit/console.test.ts drives it)', async () => {
    const home = await mkdtemp(join(tmpdir(), 'meshdoc-main-'));
    const result = await execa(process.execPath, [main], {
      env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', MESHDOC_LOG_LEVEL: 'silent' },
      extendEnv: false,
      input: 'exit\n',
      timeout: 30_000,
      reject: false,
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('meshdoc console — no Slack credentials set');
  });
});
