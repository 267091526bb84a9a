import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { runCli } from '../../src/cli.ts';
import { runConsole } from '../../src/console/run-console.ts';
import { type Command, type CommandContext, defineCommand } from '../../src/core/command.ts';
import { MeshdocError } from '../../src/errors.ts';
import { createLocalLog } from '../../src/local-log.ts';

// Issue 9: an internal error (a bug) prints one sentence with a reference; the stack goes to the
// log under the same reference (the CLI's log file, or stderr with --debug), never into the answer.

const boom = defineCommand({
  name: 'boom',
  summary: 'Throws a plain Error, standing in for a bug',
  usage: 'boom',
  examples: ['boom'],
  common: [],
  flags: {},
  positionals: [0, 0],
  async run() {
    throw new Error('kaboom: secret internals');
  },
});
const unreachable = defineCommand({
  ...boom,
  name: 'unreachable',
  summary: 'Throws a planned error with a cause',
  usage: 'unreachable',
  examples: ['unreachable'],
  async run() {
    throw new MeshdocError('unreachable', 'Cluster prod did not answer.', {
      cause: new Error('connect ECONNREFUSED 10.0.0.1:6443'),
    });
  },
});
const registry: readonly Command[] = [...commands, boom, unreachable];

// A HOME that is a file: the CLI's error log cannot be made under it (even as root), so log
// lines stay on stderr where these tests read them.
const fileHome = join(mkdtempSync(join(tmpdir(), 'meshdoc-filehome-')), 'not-a-folder');
writeFileSync(fileHome, '');

async function run(args: string[], env: NodeJS.ProcessEnv = { HOME: fileHome }) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    args,
    { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env, color: false },
    registry,
  );
  return { code, stdout, stderr };
}

/** The log lines (pino JSON) and the rest of stderr, apart. */
function split(stderr: string): { logs: Record<string, unknown>[]; text: string } {
  const lines = stderr.split('\n').filter(Boolean);
  const logs = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logs, text: lines.filter((l) => !l.startsWith('{')).join('\n') };
}

describe('internal errors in the CLI', () => {
  it('default level: stderr is one sentence naming the log file; the file (0600) has the stack under that reference', async () => {
    const home = mkdtempSync(join(tmpdir(), 'meshdoc-home-'));
    const out = await run(['boom'], { HOME: home });
    expect(out.code).toBe(1);
    const file = join(home, '.local', 'state', 'meshdoc', 'cli.log');
    const match =
      /^error: meshdoc hit an internal error \(reference ([0-9a-f]{8})\); the details are in (\S+)\.\n$/.exec(
        out.stderr,
      );
    expect(match, out.stderr).not.toBeNull();
    expect(match?.[2]).toBe(file);
    const line = JSON.parse(readFileSync(file, 'utf8').trim()) as {
      reference: string;
      err: { stack: string };
    };
    expect(line.reference).toBe(match?.[1]);
    expect(line.err.stack).toMatch(/Error: kaboom[\s\S]*internal-error\.test\.ts/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // XDG_STATE_HOME wins over HOME.
    const state = mkdtempSync(join(tmpdir(), 'meshdoc-state-'));
    expect((await run(['boom'], { HOME: home, XDG_STATE_HOME: state })).stderr).toContain(
      join(state, 'meshdoc', 'cli.log'),
    );
  });

  it('a log file that cannot be written: the log line goes to stderr instead, and the sentence says "its log"', async () => {
    const out = await run(['boom'], { HOME: fileHome });
    const { logs, text } = split(out.stderr);
    expect(text).toMatch(/reference [0-9a-f]{8}\); the details are in its log\.$/);
    expect(logs.some((l) => l.msg === 'command failed internally')).toBe(true);
  });

  it('--debug: exit 1, one sentence with a reference; the log has the stack under the same reference', async () => {
    const out = await run(['boom', '--debug']);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    const { logs, text } = split(out.stderr);
    const match =
      /^error: meshdoc hit an internal error \(reference ([0-9a-f]{8})\); the details are in its log\.$/.exec(
        text,
      );
    expect(match, text).not.toBeNull();
    const reference = match?.[1];
    const failure = logs.find((l) => l.reference === reference);
    expect(failure?.msg).toBe('command failed internally');
    expect(failure?.command).toBe('boom');
    const err = failure?.err as { message: string; stack: string };
    expect(err.message).toBe('kaboom: secret internals');
    expect(err.stack).toMatch(/Error: kaboom[\s\S]*internal-error\.test\.ts/);
    // --debug also logs each command's outcome.
    expect(logs.some((l) => l.msg === 'command finished' && l.command === 'boom')).toBe(true);
    expect(text).not.toContain('kaboom');
  });

  it('MESHDOC_LOG_LEVEL=debug is the same as --debug', async () => {
    const out = await run(['boom'], { HOME: '/nonexistent', MESHDOC_LOG_LEVEL: 'debug' });
    expect(split(out.stderr).logs.some((l) => l.msg === 'command finished')).toBe(true);
  });

  it('-o json: the error object carries the sentence with the reference, no stack', async () => {
    const out = await run(['boom', '-o', 'json']);
    expect(out.code).toBe(1);
    const body = JSON.parse(out.stderr.slice(out.stderr.indexOf('{\n'))) as {
      error: { code: string; message: string };
    };
    expect(body.error.code).toBe('internal');
    expect(body.error.message).toMatch(/reference [0-9a-f]{8}/);
    expect(out.stderr.slice(out.stderr.indexOf('{\n'))).not.toContain('kaboom');
  });

  it('silent: no log line at all, still the sentence and no stack', async () => {
    const out = await run(['boom'], { HOME: '/nonexistent', MESHDOC_LOG_LEVEL: 'silent' });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^error: meshdoc hit an internal error \(reference [0-9a-f]{8}\)[^\n]*\n$/);
  });

  it('a planned error is shown as it is; --debug logs its cause', async () => {
    const quiet = await run(['unreachable']);
    expect([quiet.code, quiet.stderr]).toEqual([1, 'error: Cluster prod did not answer.\n']);
    const { logs, text } = split((await run(['--debug', 'unreachable'])).stderr);
    expect(text).toBe('error: Cluster prod did not answer.');
    const line = logs.find((l) => l.msg === 'command could not answer');
    expect((line?.err as { message?: string } | undefined)?.message).toBe(
      'connect ECONNREFUSED 10.0.0.1:6443',
    );
  });

  it('a normal answer at the default level writes no log line', async () => {
    const out = await run(['help']);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
  });
});

describe('internal errors in the console', () => {
  it('one sentence with a reference on the console; the stack in the log under the same reference', async () => {
    let written = '';
    let logged = '';
    const ctx: CommandContext = {
      reader: async () => {
        throw new Error('no reader in this test');
      },
      defaultNamespace: 'default',
      now: () => new Date(0),
    };
    await runConsole(
      registry,
      ctx,
      {
        input: Readable.from(['boom\n']),
        write: (s) => (written += s),
        color: false,
        interactive: false,
        log: createLocalLog('warn', (s) => (logged += s)),
      },
      'banner',
    );
    const reference = /reference ([0-9a-f]{8})/.exec(written)?.[1];
    expect(reference).toBeDefined();
    expect(written).not.toContain('kaboom');
    const line = JSON.parse(logged.trim()) as { reference: string; err: { stack: string } };
    expect(line.reference).toBe(reference);
    expect(line.err.stack).toContain('kaboom');
  });
});
