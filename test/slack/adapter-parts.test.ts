import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { parseConfig } from '../../src/config.ts';
import { channelContexts, requestedContext } from '../../src/slack/channel-contexts.ts';
import { commandText } from '../../src/slack/command-text.ts';
import { createSlackApp } from '../../src/slack/create-slack-app.ts';
import { QuietGate } from '../../src/slack/quiet-gate.ts';
import { TtlCache } from '../../src/slack/ttl-cache.ts';

describe('commandText', () => {
  it('drops the bot mention wherever it is, unwraps Slack links and decodes entities', () => {
    expect(commandText('<@UMESHDOC> why-not-injected cart -n shop', 'UMESHDOC')).toBe(
      'why-not-injected cart -n shop',
    );
    expect(commandText('hey <@UMESHDOC|meshdoc>   help', 'UMESHDOC')).toBe('help');
    expect(commandText('<@UMESHDOC> why-not-injected <http://cart.shop|cart.shop>', 'UMESHDOC')).toBe(
      'why-not-injected cart.shop',
    );
    expect(commandText('why-not-injected a&amp;&amp;b &lt;x&gt;')).toBe('why-not-injected a&&b <x>');
    expect(commandText('<@UOTHER> <@UMESHDOC> help', 'UMESHDOC')).toBe('help');
  });
});

describe('TtlCache', () => {
  it('expires entries, stays bounded, and hands out take() once', () => {
    let now = 0;
    const cache = new TtlCache<number>({ ttlMs: 1000, maxEntries: 3, now: () => now });
    for (const k of ['a', 'b', 'c', 'd']) cache.set(k, 1);
    expect(cache.size).toBe(3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.take('b')).toBe(1);
    expect(cache.take('b')).toBeUndefined();
    now = 1000;
    expect(cache.get('c')).toBeUndefined();
    expect(cache.addIfAbsent('e', 1)).toBe(true);
    expect(cache.addIfAbsent('e', 1)).toBe(false);
  });
});

describe('channelContexts', () => {
  const base = {
    defaultNamespace: 'ns',
    now: () => new Date(0),
    reader: async (choice?: { context?: string | undefined }) =>
      ({ cluster: choice?.context ?? 'default' }) as never,
  };

  it('binds channels, refuses a different --context there, and never passes --from on', async () => {
    const contextFor = channelContexts({ MESHDOC_CHANNEL_CONTEXTS: { CPROD: 'prod' } }, base);
    const bound = contextFor({ channelId: 'CPROD', requestedContext: undefined });
    expect(bound.cluster).toBe('prod');
    expect(await bound.reader({ context: undefined, from: '/etc' })).toEqual({ cluster: 'prod' });
    await expect(bound.reader({ context: 'dev', from: undefined })).rejects.toThrow(
      /answers for cluster context "prod" only/,
    );
    expect(() => contextFor({ channelId: 'CPROD', requestedContext: 'dev' })).toThrow(/only/);
    const free = contextFor({ channelId: 'COTHER', requestedContext: 'dev' });
    expect(free.cluster).toBe('dev');
    expect(requestedContext(['x', '--context=dev'])).toBe('dev');
    expect(requestedContext(['x', '--context', 'dev'])).toBe('dev');
  });
});

describe('QuietGate', () => {
  it('waits while commands keep arriving, but never longer than maxWaitMs', async () => {
    const gate = new QuietGate({ quietMs: 20, maxWaitMs: 80 });
    const started = performance.now();
    gate.arrived();
    const arrivals = setInterval(() => gate.arrived(), 5);
    await gate.pass(started);
    clearInterval(arrivals);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(performance.now() - started).toBeLessThan(300);
    const alone = performance.now();
    gate.arrived();
    await gate.pass(alone);
    expect(performance.now() - alone).toBeLessThan(60);
  });
});

describe('createSlackApp', () => {
  it('refuses to start without Slack credentials, saying which are needed', () => {
    const config = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', MESHDOC_SLACK_MODE: 'http' });
    const base = {
      defaultNamespace: 'default',
      now: () => new Date(),
      reader: () => Promise.reject(new Error('unused')),
    };
    const create = () =>
      createSlackApp({
        config,
        registry: commands,
        contextFor: channelContexts(config, base),
        logger: pino({ level: 'silent' }),
      });
    expect(create).toThrow(
      'SLACK_BOT_TOKEN is set with MESHDOC_SLACK_MODE=http but SLACK_SIGNING_SECRET is not',
    );
  });
});
