import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { CommandContext } from '../../src/core/command.ts';
import { runInvocation } from '../../src/core/run-invocation.ts';
import { openReader } from '../../src/open-reader.ts';
import { renderJson } from '../../src/renderers/json.ts';
import { renderSlackReport } from '../../src/renderers/slack/render-slack-report.ts';
import { renderText } from '../../src/renderers/text.ts';

// Golden renders: representative reports of every command, rendered for the terminal (.txt), as
// JSON (.json) and for Slack (.slack.json: the message plus the files that would be uploaded,
// by size), compared with test/golden/<command>/<case>.*. A layout change shows up as a diff in
// review. To refresh after an intended change, rerun with -u and read the diff before committing:
//
//   ./scripts/node24 npx vitest run --project unit test/unit/golden-renders.test.ts -u
//
// (Vitest writes a missing golden locally, but never on CI, where a missing one fails.) Inputs are
// files in test/fixtures, paths relative to the repository root (vitest's working directory), and
// the clock is fixed, so durations are 0 ms and certificate ages do not move.

const now = new Date('2030-01-01T00:00:00Z');
const ctx: CommandContext = {
  defaultNamespace: 'default',
  now: () => now,
  reader: (choice) =>
    openReader({
      from: choice?.from,
      context: choice?.context,
      timeoutMs: 5_000,
      env: { HOME: '/nonexistent' },
    }),
};
/** What the Slack adapter passes as the cluster for reports about none (help). */
const slackCluster = 'kind-meshdoc';

const injection = 'test/fixtures/injection';
const dump = ['--file', 'test/fixtures/envoy/sidecar-small.json'];

/** [command, case, arguments after the command] */
const goldenCases: readonly (readonly [string, string, readonly string[]])[] = [
  [
    'why-not-injected',
    'injected',
    ['web-5b7d9c-inj02', '-n', 'r02-enabled', '--from', `${injection}/default-install`],
  ],
  [
    'why-not-injected',
    'created-before-enablement',
    ['r02-enabled/web-5b7d9c-aaaa2', '--from', `${injection}/default-install`],
  ],
  [
    'why-not-injected',
    'namespace-not-enabled',
    ['web-5b7d9c-aaaa1.r01-plain', '--from', `${injection}/default-install`],
  ],
  [
    'why-not-injected',
    'system-namespace',
    ['web-5b7d9c-autok', '-n', 'kube-node-lease', '--from', `${injection}/auto`],
  ],
  // Only the workloads, no control plane: observably not injected, but why cannot be told offline.
  [
    'why-not-injected',
    'webhooks-not-saved',
    ['web-5b7d9c-aaaa2', '-n', 'r02-enabled', '--from', `${injection}/default-install/workloads.yaml`],
  ],
  ['why-not-injected', 'workload', ['deploy/web', '-n', 'mixed', '--from', `${injection}/default-install`]],
  ['listeners', 'sidecar-small', dump],
  ['listeners', 'port-15006', [...dump, '--port', '15006']],
  ['routes', 'sidecar-small', dump],
  ['clusters', 'sidecar-small', dump],
  ['endpoints', 'sidecar-small', dump],
  ['secrets', 'sidecar-small', dump],
  ['config-dump', 'sidecar-small', dump],
  ['tls-check', 'strict-dr-disable', ['svc/orders', '-n', 'orders', '--from', 'demo/cluster.yaml']],
  ['tls-check', 'workload-strict', ['svc/invoices.billing', '--from', 'demo/cluster.yaml']],
  ['tls-check', 'port-level-warning', ['svc/inventory', '-n', 'orders', '--from', 'demo/cluster.yaml']],
  [
    'tls-check',
    'pod-to-service',
    ['catalog-5b7c8d9f6-m3n4p', '-n', 'orders', '--to', 'svc/orders', '--from', 'demo/cluster.yaml'],
  ],
  [
    'tls-check',
    'with-certificates',
    ['orders-v1-7c9d8b6f5-k2x4p', '-n', 'orders', '--from', 'demo/cluster.yaml', ...dump],
  ],
  ['labels', 'subset-typo', ['reviews', '-n', 'store', '--from', 'demo/cluster.yaml']],
  ['labels', 'selector-typo', ['svc/ratings', '-n', 'store', '--from', 'demo/cluster.yaml']],
  [
    'canary status',
    'flagger-progressing',
    ['podinfo', '-n', 'test', '--from', 'test/fixtures/canary/flagger-progressing'],
  ],
  [
    'canary status',
    'argo-aborted',
    ['payments', '-n', 'shop', '--from', 'test/fixtures/canary/argo-aborted'],
  ],
  [
    'canary status',
    'argo-weight-drift',
    ['cart', '-n', 'shop', '--verbose', '--from', 'test/fixtures/canary/argo-weight-drift'],
  ],
  ['help', 'all', []],
];

describe('golden renders', () => {
  it.each(goldenCases)('%s %s', async (command, name, args) => {
    const words = command.split(' ');
    const outcome = await runInvocation([...words, ...args], 'cli', commands, ctx);
    if (!outcome.ok) throw new Error(`${command} ${args.join(' ')}: ${outcome.error.userMessage}`);
    const report = outcome.report;
    const base = `../golden/${words.join('-')}/${name}`;
    // Help spells commands as the surface types them: the Slack golden is what /mesh help answers.
    const slackOutcome =
      command === 'help' ? await runInvocation([...words, ...args], 'slack', commands, ctx) : outcome;
    if (!slackOutcome.ok) throw new Error(`${command} in Slack: ${slackOutcome.error.userMessage}`);
    const slack = renderSlackReport(slackOutcome.report, { output: 'text', cluster: slackCluster });
    const slackGolden = {
      message: slack.message,
      files: slack.files.map((f) => ({
        filename: f.filename,
        title: f.title,
        bytes: f.mediaType === 'image/png' ? f.bytes.byteLength : Buffer.byteLength(f.content),
      })),
      overflowed: slack.overflowed,
    };
    await expect(renderText(report)).toMatchFileSnapshot(`${base}.txt`);
    await expect(renderJson(report)).toMatchFileSnapshot(`${base}.json`);
    await expect(`${JSON.stringify(slackGolden, null, 2)}\n`).toMatchFileSnapshot(`${base}.slack.json`);
  });
});
