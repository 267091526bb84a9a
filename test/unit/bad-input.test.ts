import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { CommandContext } from '../../src/core/command.ts';
import { runInvocation } from '../../src/core/run-invocation.ts';
import { tokenize } from '../../src/core/tokenize.ts';
import { cli } from '../helpers/run-cli.ts';

function neverRead(): { ctx: CommandContext; calls: () => number } {
  let calls = 0;
  const ctx: CommandContext = {
    defaultNamespace: 'default',
    now: () => new Date(),
    reader: async () => {
      calls++;
      throw new Error('reader must not be opened for bad input');
    },
  };
  return { ctx, calls: () => calls };
}

const cases: [string, string[], RegExp][] = [
  ['unknown command', ['frobnicate', 'x'], /Unknown command "frobnicate"/],
  ['no command', [], /No command given/],
  ['unknown flag', ['why-not-injected', 'pod-a', '--frob'], /Unknown option '--frob'/],
  ['missing argument', ['why-not-injected'], /needs an argument/],
  ['extra argument', ['why-not-injected', 'a', 'b'], /Unexpected argument "b"/],
  ['non-DNS pod name', ['why-not-injected', 'Pod_A', '-n', 'shop'], /Pod name "Pod_A" must be lowercase/],
  ['non-DNS namespace', ['why-not-injected', 'pod-a', '-n', 'Shop!'], /Namespace "Shop!"/],
  ['namespace too long', ['why-not-injected', 'pod-a', '-n', 'a'.repeat(64)], /longer than 63/],
  [
    'conflicting namespaces',
    ['why-not-injected', 'shop/pod-a', '-n', 'other'],
    /names namespace "shop" but -n says "other"/,
  ],
  ['bad output format', ['why-not-injected', 'pod-a', '-o', 'yaml'], /-o must be "text" or "json"/],
  ['flag without value', ['why-not-injected', 'pod-a', '-n'], /argument missing|needs a value/],
];

describe('bad input gets a clear usage error and runs nothing', () => {
  it.each(cases)('%s', async (_name, tokens, message) => {
    const { ctx, calls } = neverRead();
    const out = await runInvocation(tokens, 'cli', commands, ctx);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('usage');
    expect(`${out.error.userMessage} ${out.error.hint ?? ''}`).toMatch(message);
    expect(calls()).toBe(0);
  });

  it('--from is refused in Slack (it would read files on the bot host)', async () => {
    const { ctx, calls } = neverRead();
    const out = await runInvocation(['why-not-injected', 'a', '--from', '/etc'], 'slack', commands, ctx);
    expect(!out.ok && out.error.userMessage).toMatch(/CLI only/);
    expect(calls()).toBe(0);
  });

  it.each([
    ['shell metacharacters', 'why-not-injected pod;rm -rf /', /";"/],
    ['command substitution', 'why-not-injected $(id)', /"\$"/],
    ['backticks', 'why-not-injected `id`', /"`"/],
    ['pipes', 'why-not-injected a | sh', /"\|"/],
    ['10 kB argument', `why-not-injected ${'a'.repeat(10_000)}`, /10017 characters long; the limit is 1000/],
  ])('tokenize rejects %s', (_name, text, message) => {
    expect(() => tokenize(text)).toThrow(message);
  });

  it('the CLI exits 2 with the usage line on a 10 kB argument and on metacharacters', async () => {
    const long = await cli(['why-not-injected', 'a'.repeat(10_000)]);
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/too long/);
    const meta = await cli(['why-not-injected', 'pod;rm', '-n', 'x']);
    expect(meta.code).toBe(2);
    expect(meta.stderr).toMatch(/Usage: why-not-injected/);
  });

  it('JSON errors are machine-readable', async () => {
    const out = await cli(['why-not-injected', 'nope-1', '-n', 'bookinfo', '-o', 'json']);
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stderr)).toMatchObject({ schemaVersion: 1, error: { code: 'not_found' } });
  });
});
