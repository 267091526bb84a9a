import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { type CommandContext, defineCommand } from '../../src/core/command.ts';
import { parseCommandArgs } from '../../src/core/parse-command-args.ts';
import type { Report } from '../../src/core/report.ts';
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

const usageOf = (name: string) => `Usage: ${commands.find((c) => c.name === name)?.usage}`;
const wni = usageOf('why-not-injected');
const listenersUsage = usageOf('listeners');
const commandList = `Usage: mesh <command> [args] — commands: ${commands.map((c) => c.name).join(', ')}. Try: help`;
const injectionKinds = 'a pod, deployment, statefulset or daemonset';

// [case, tokens, the exact message, the exact hint (the usage line)]
const cases: [string, string[], string, string][] = [
  ['unknown command', ['frobnicate', 'x'], 'Unknown command "frobnicate".', commandList],
  ['no command', [], 'No command given.', commandList],
  ['unknown flag', ['why-not-injected', 'pod-a', '--frob'], "Unknown option '--frob'", wni],
  ['missing argument', ['why-not-injected'], 'why-not-injected needs an argument.', wni],
  ['extra argument', ['why-not-injected', 'a', 'b'], 'Unexpected argument "b".', wni],
  [
    'non-DNS pod name',
    ['why-not-injected', 'Pod_A', '-n', 'shop'],
    'Pod name "Pod_A" must be lowercase letters, digits, "-" and ".".',
    wni,
  ],
  [
    'non-DNS namespace',
    ['why-not-injected', 'pod-a', '-n', 'Shop!'],
    'Namespace "Shop!" must be lowercase letters, digits and "-", starting and ending with a letter or digit.',
    wni,
  ],
  [
    'namespace too long',
    ['why-not-injected', 'pod-a', '-n', 'a'.repeat(64)],
    `Namespace "${'a'.repeat(57)}..." is longer than 63 characters.`,
    wni,
  ],
  [
    'conflicting namespaces',
    ['why-not-injected', 'shop/pod-a', '-n', 'other'],
    '"shop/pod-a" names namespace "shop" but -n says "other".',
    wni,
  ],
  [
    'bad output format',
    ['why-not-injected', 'pod-a', '-o', 'yaml'],
    '-o must be "text" or "json", not "yaml".',
    wni,
  ],
  [
    'flag without value',
    ['why-not-injected', 'pod-a', '-n'],
    "Option '-n, --namespace <value>' argument missing",
    wni,
  ],
  ['empty flag value', ['why-not-injected', 'pod-a', '--context='], '--context needs a value.', wni],
  // Per-command flags: a flag of another command, or a common flag the command does not take.
  [
    'a proxy filter on why-not-injected',
    ['why-not-injected', 'pod-a', '--port', '80'],
    'why-not-injected does not take --port.',
    wni,
  ],
  [
    '--file on why-not-injected',
    ['why-not-injected', 'pod-a', '--file', 'd.json'],
    'why-not-injected does not take --file.',
    wni,
  ],
  [
    'another proxy command’s filter',
    ['listeners', 'web-1', '--fqdn', 'x'],
    'listeners does not take --fqdn.',
    listenersUsage,
  ],
  [
    '--from on a proxy command',
    ['listeners', 'web-1', '--from', '/tmp'],
    'listeners does not take --from.',
    listenersUsage,
  ],
  [
    'istioctl boolean spelling on a command without it',
    ['clusters', 'web-1', '--verbose=false'],
    'clusters does not take --verbose.',
    usageOf('clusters'),
  ],
  ['a namespace on help', ['help', '-n', 'shop'], 'help does not take --namespace.', usageOf('help')],
  [
    'a port out of range',
    ['listeners', 'web-1', '--port', '99999'],
    '--port must be between 1 and 65535.',
    listenersUsage,
  ],
  [
    'a port that is not a number',
    ['clusters', 'web-1', '--port', 'http'],
    '--port must be a port number.',
    usageOf('clusters'),
  ],
  [
    'an unknown listener type',
    ['listeners', 'web-1', '--type', 'UDP'],
    '--type must be one of HTTP, TCP, HTTP+TCP, UNKNOWN.',
    listenersUsage,
  ],
  // Target kinds: each command names the kinds it takes.
  [
    'a service for why-not-injected',
    ['why-not-injected', 'svc/reviews'],
    `why-not-injected takes ${injectionKinds}, not a service.`,
    wni,
  ],
  [
    'an app for why-not-injected',
    ['why-not-injected', 'app/reviews'],
    `why-not-injected takes ${injectionKinds}, not an app.`,
    wni,
  ],
  [
    'a namespace for why-not-injected',
    ['why-not-injected', 'ns/shop'],
    `why-not-injected takes ${injectionKinds}, not a namespace.`,
    wni,
  ],
  [
    'a workload for a proxy command',
    ['listeners', 'deploy/web'],
    'Envoy runs in pods: name a pod, not a deployment.',
    listenersUsage,
  ],
  [
    'kind/namespace/name',
    ['why-not-injected', 'deploy/shop/web'],
    '"deploy/shop/web": use <kind>/<name> -n <namespace> or <namespace>/<pod>.',
    wni,
  ],
];

describe('bad input gets the exact usage error and runs nothing', () => {
  it.each(cases)('%s', async (_name, tokens, message, hint) => {
    const { ctx, calls } = neverRead();
    const out = await runInvocation(tokens, 'cli', commands, ctx);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('usage');
    expect(out.error.userMessage).toBe(message);
    expect(out.error.hint).toBe(hint);
    expect(calls()).toBe(0);
  });

  it('--from is refused in Slack (it would read files on the bot host)', async () => {
    const { ctx, calls } = neverRead();
    const out = await runInvocation(['why-not-injected', 'a', '--from', '/etc'], 'slack', commands, ctx);
    expect(!out.ok && out.error.userMessage).toBe(
      '--from reads files on the machine running meshdoc, so it works in the CLI only, not in Slack.',
    );
    expect(calls()).toBe(0);
  });

  it('--file is refused in a slash command, and means an attachment when the message has one', async () => {
    const { ctx } = neverRead();
    const out = await runInvocation(['listeners', '--file', '/etc/passwd'], 'slack', commands, ctx);
    expect(!out.ok && out.error.userMessage).toBe(
      '--file reads a saved dump; in Slack, attach the dump to an @meshdoc message (slash commands cannot carry files) and name it: @meshdoc listeners --file dump.json',
    );
    const setting = { surface: 'slack' as const, defaultNamespace: 'default', registry: commands };
    const listeners = commands.find((c) => c.name === 'listeners');
    if (!listeners) throw new Error('no listeners command');
    const parsed = parseCommandArgs(listeners, ['--file', 'd.json', '--verbose=false', '--port', '80'], {
      ...setting,
      hasAttachments: true,
    });
    expect(parsed.options.flags).toEqual({
      file: 'd.json',
      port: 80,
      address: undefined,
      type: undefined,
      verbose: false,
    });
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

  it('the CLI exits 2 and prints the message, then the command’s usage line', async () => {
    const long = await cli(['why-not-injected', 'a'.repeat(10_000)]);
    expect(long.code).toBe(2);
    expect(long.stderr).toBe(
      'error: The arguments are too long: Kubernetes names are at most 253 characters.\n',
    );
    const meta = await cli(['why-not-injected', 'pod;rm', '-n', 'x']);
    expect(meta.code).toBe(2);
    expect(meta.stderr).toBe(
      `error: Pod name "pod;rm" must be lowercase letters, digits, "-" and ".".\n${wni}\n`,
    );
    const port = await cli(['why-not-injected', 'pod-a', '--port', '80']);
    expect([port.code, port.stderr]).toEqual([2, `error: why-not-injected does not take --port.\n${wni}\n`]);
  });

  it('JSON errors are machine-readable', async () => {
    const out = await cli(['why-not-injected', 'nope-1', '-n', 'bookinfo', '-o', 'json']);
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stderr)).toMatchObject({ schemaVersion: 1, error: { code: 'not_found' } });
  });
});

// Stand-ins that declare the service, app and namespace target kinds and echo the parsed target
// (the real labels command reads the cluster; its stand-in replaces it here).
const labels = defineCommand({
  name: 'labels',
  summary: 'Stand-in for a command about services and apps',
  usage: 'labels <app> | svc/<service> | app/<app> [-n <namespace>]',
  examples: ['labels reviews -n bookinfo'],
  common: ['namespace'],
  flags: {},
  positionals: [1, 1],
  target: { kinds: ['service', 'app'] },
  run: async (_positionals, options) => targetReport(options.target),
});
const meshStatus = defineCommand({
  name: 'mesh-status',
  summary: 'Stand-in for a command about a namespace',
  usage: 'mesh-status <namespace>',
  examples: ['mesh-status bookinfo'],
  common: ['namespace'],
  flags: {},
  positionals: [1, 1],
  target: { kinds: ['namespace'] },
  run: async (_positionals, options) => targetReport(options.target),
});
function targetReport(target: unknown): Report {
  return {
    command: 't',
    cluster: '-',
    target: '-',
    headline: '',
    sections: [],
    notes: [],
    attachments: [],
    data: { target },
  };
}
const withStandIns = [...commands.filter((c) => c.name !== 'labels'), labels, meshStatus];

describe('service, app and namespace targets', () => {
  it.each([
    [
      'a bare name is an app',
      ['labels', 'reviews', '-n', 'shop'],
      { kind: 'app', namespace: 'shop', name: 'reviews' },
    ],
    [
      'app/<name>, label values may be mixed case',
      ['labels', 'app/Reviews_v2'],
      { kind: 'app', namespace: 'default', name: 'Reviews_v2' },
    ],
    [
      'svc/<name>',
      ['labels', 'svc/reviews', '-n', 'shop'],
      { kind: 'service', namespace: 'shop', name: 'reviews' },
    ],
    [
      'service/<name>',
      ['labels', 'service/reviews'],
      { kind: 'service', namespace: 'default', name: 'reviews' },
    ],
    ['<namespace>/<name>', ['labels', 'shop/reviews'], { kind: 'app', namespace: 'shop', name: 'reviews' }],
    ['a bare namespace', ['mesh-status', 'shop'], { kind: 'namespace', name: 'shop' }],
    ['ns/<name>', ['mesh-status', 'ns/shop'], { kind: 'namespace', name: 'shop' }],
  ])('%s', async (_name, tokens, target) => {
    const out = await runInvocation(tokens, 'cli', withStandIns, neverRead().ctx);
    expect(out.ok && out.report.data?.target).toEqual(target);
  });

  it.each([
    ['a pod for labels', ['labels', 'pod/reviews-1'], 'labels takes a service or app, not a pod.'],
    [
      'a workload for labels',
      ['labels', 'deploy/reviews'],
      'labels takes a service or app, not a deployment.',
    ],
    [
      'a service name starting with a digit',
      ['labels', 'svc/9lives'],
      'Service name "9lives" must be lowercase letters, digits and "-", starting with a letter and ending with a letter or digit.',
    ],
    [
      'a bad label value',
      ['labels', 'app/-reviews'],
      'App label value "-reviews" must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit.',
    ],
    [
      'a service for mesh-status',
      ['mesh-status', 'svc/reviews'],
      'mesh-status takes a namespace, not a service.',
    ],
    [
      'a namespace that -n contradicts',
      ['mesh-status', 'ns/shop', '-n', 'other'],
      '"ns/shop" names namespace "shop" but -n says "other".',
    ],
    [
      '<namespace>/<name> for a namespace',
      ['mesh-status', 'shop/x'],
      '"shop/x": name the namespace alone, or as ns/<name>.',
    ],
    [
      'an invalid namespace',
      ['mesh-status', 'Shop'],
      'Namespace "Shop" must be lowercase letters, digits and "-", starting and ending with a letter or digit.',
    ],
  ])('%s', async (_name, tokens, message) => {
    const out = await runInvocation(tokens, 'cli', withStandIns, neverRead().ctx);
    expect(!out.ok && [out.error.code, out.error.userMessage]).toEqual(['usage', message]);
  });
});
