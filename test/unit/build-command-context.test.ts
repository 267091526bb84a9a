import { describe, expect, it } from 'vitest';
import { buildCommandContext } from '../../src/build-command-context.ts';
import { parseConfig } from '../../src/config.ts';
import type { KubeReader } from '../../src/kube/kube-reader.ts';
import { channelContexts } from '../../src/slack/channel-contexts.ts';

describe('buildCommandContext: one context for the CLI, the console and the bot', () => {
  it('carries every setting of Config, and the Slack channel binding keeps them all', () => {
    const config = parseConfig({
      MESHDOC_DEFAULT_NAMESPACE: 'shop',
      MESHDOC_PROXY_TIMEOUT_MS: '1500',
      MESHDOC_ISTIOCTL: '/opt/istio/bin/istioctl',
      MESHDOC_PROMETHEUS_URL: 'http://prometheus.istio-system:9090',
    });
    const ctx = buildCommandContext(config, { env: {} });
    expect(ctx).toMatchObject({
      defaultNamespace: 'shop',
      proxyTimeoutMs: 1500,
      istioctl: '/opt/istio/bin/istioctl',
      prometheusUrl: 'http://prometheus.istio-system:9090',
    });
    const slack = channelContexts(config, ctx)({ channelId: 'C1', requestedContext: undefined });
    const { reader: _base, ...settings } = ctx;
    const { reader: _slack, cluster: _cluster, ...slackSettings } = slack;
    expect(slackSettings).toEqual(settings);
  });

  it('defaults: istioctl on PATH, no Prometheus; a non-HTTP Prometheus URL is refused', () => {
    const ctx = buildCommandContext(parseConfig({}), { env: {} });
    expect(ctx.istioctl).toBe('istioctl');
    expect(ctx.prometheusUrl).toBeUndefined();
    expect(() => parseConfig({ MESHDOC_PROMETHEUS_URL: 'ftp://x' })).toThrow(/MESHDOC_PROMETHEUS_URL/);
  });

  it('opens the default source once and reuses it; --from is opened anew each time', async () => {
    const opened: (string | undefined)[] = [];
    const ctx = buildCommandContext(parseConfig({}), {
      env: {},
      source: { kind: 'cluster', context: 'prod', version: 'v1.31' },
      open: async (choice) => {
        opened.push(choice.from ?? choice.context);
        return { cluster: choice.context ?? 'files' } as KubeReader;
      },
    });
    await ctx.reader();
    await ctx.reader({ context: undefined, from: undefined });
    await ctx.reader({ context: undefined, from: '/tmp/a' });
    await ctx.reader({ context: undefined, from: '/tmp/a' });
    expect(opened).toEqual(['prod', '/tmp/a', '/tmp/a']);
  });
});
