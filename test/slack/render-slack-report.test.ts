import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { Report } from '../../src/core/report.ts';
import { runInvocation } from '../../src/core/run-invocation.ts';
import { MeshdocError, UsageError } from '../../src/errors.ts';
import { FileKubeReader } from '../../src/gatherers/files/file-kube-reader.ts';
import type { MeshBlock } from '../../src/renderers/slack/blocks.ts';
import { renderSlackError } from '../../src/renderers/slack/render-slack-error.ts';
import { renderSlackReport } from '../../src/renderers/slack/render-slack-report.ts';
import { checkBlocks } from '../helpers/check-blocks.ts';
import { bigReport } from '../helpers/fake-slack/big-report-command.ts';
import { meshManifests } from '../helpers/fake-slack/mesh-manifests.ts';
import { checkBlocksLikeSlack } from '../helpers/fake-slack/slack-block-rules.ts';

async function whyNotInjected(): Promise<Report> {
  const reader = new FileKubeReader(meshManifests, 'test-cluster');
  const ctx = { reader: async () => reader, defaultNamespace: 'default', now: () => new Date() };
  const outcome = await runInvocation(
    ['why-not-injected', 'cart-7d9f-abcde', '-n', 'shop'],
    'slack',
    commands,
    ctx,
  );
  if (!outcome.ok) throw outcome.error;
  return outcome.report;
}

const allText = (blocks: readonly MeshBlock[]) => JSON.stringify(blocks);

describe('renderSlackReport', () => {
  it('puts the verdict first, names cluster and target, and fits Slack', async () => {
    const { message, files, overflowed } = renderSlackReport(await whyNotInjected());
    const [header, ...rest] = message.blocks;
    expect(header?.type).toBe('header');
    expect(JSON.stringify(header)).toContain('Not injected');
    // The headline is longer than a header may be, so it follows in full as a section.
    expect(JSON.stringify(rest[0])).toContain('so no Istio webhook is called.');
    const context = message.blocks.find((b) => b.type === 'context');
    expect(JSON.stringify(context)).toContain('cluster `test-cluster`');
    expect(JSON.stringify(context)).toContain('shop/cart-7d9f-abcde');
    expect(allText(message.blocks)).toContain('MESH0101');
    expect(allText(message.blocks)).toContain(
      '```kubectl label namespace shop istio-injection=enabled &amp;&amp;',
    );
    expect(allText(message.blocks)).toContain('*Ruled out*');
    expect(allText(message.blocks)).toContain('Could not check');
    expect(message.text).toContain('test-cluster');
    expect(files).toEqual([]);
    expect(overflowed).toBe(false);
    expect(checkBlocks(message.blocks)).toEqual([]);
    expect(checkBlocksLikeSlack(message.blocks)).toBeUndefined();
  });

  it('says the answer once: verdict and target in the header, the reason under it, the finding adds evidence and fix', async () => {
    const report = await whyNotInjected();
    const { message } = renderSlackReport(report);
    const [header, reason] = message.blocks;
    expect(header).toMatchObject({
      type: 'header',
      text: { text: ':red_circle: Not injected: shop/cart-7d9f-abcde' },
    });
    expect(reason).toMatchObject({ type: 'section', text: { text: report.headline } });
    const said = allText(message.blocks).split('so no Istio webhook is called.').length - 1;
    expect(said).toBe(1);
    expect(allText(message.blocks)).toContain(':red_circle: `MESH0101` _namespace-not-enabled_');
  });

  it('colours the header by the verdict tone, not by the findings, when the report has one', () => {
    const passed = {
      code: 'MESH0101',
      cause: 'namespace-not-enabled',
      severity: 'pass' as const,
      subject: { kind: 'Pod', namespace: 'shop', name: 'cart-1' },
      message: 'The namespace is enabled.',
      facts: [],
    };
    const report: Report = {
      command: 'decide',
      cluster: 'c',
      target: 'shop/cart-1',
      verdict: 'no',
      verdictLabel: 'Not injected',
      headline: 'No sidecar, reason not known.',
      sections: [{ kind: 'findings', title: 'Ruled out', findings: [passed] }],
      notes: [],
      attachments: [],
    };
    const headerOf = (r: Report) => JSON.stringify(renderSlackReport(r).message.blocks[0]);
    // Without a tone, the worst severity (here a pass) still decides.
    expect(headerOf(report)).toContain(':white_check_mark: Not injected');
    expect(headerOf({ ...report, verdictTone: 'problem' })).toContain(':red_circle: Not injected');
    expect(headerOf({ ...report, verdictTone: 'unknown' })).toContain(':grey_question: Not injected');
    expect(headerOf({ ...report, verdictLabel: 'Injected', verdictTone: 'ok' })).toContain(
      ':white_check_mark: Injected',
    );
  });

  it('puts a short title in the header, never a cut sentence, when a headline is too long for it', () => {
    const report = bigReport('c', 'shop/cart-1', 1);
    report.headline = `${'A long sentence. '.repeat(12)}The end.`;
    const { message } = renderSlackReport(report);
    expect(message.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: 'meshdoc big-table: shop/cart-1' },
    });
    expect(message.blocks[1]).toMatchObject({ type: 'section', text: { text: report.headline } });
  });

  it('overflows a long report into the full text file and says how much is there', () => {
    const report = bigReport('prod-eu', 'shop/cart-1', 400);
    const { message, files, overflowed } = renderSlackReport(report);
    expect(overflowed).toBe(true);
    expect(checkBlocks(message.blocks)).toEqual([]);
    expect(checkBlocksLikeSlack(message.blocks)).toBeUndefined();
    const shownRows = (allText(message.blocks).match(/Cluster: outbound/g) ?? []).length;
    expect(shownRows).toBeGreaterThan(10);
    const line = allText(message.blocks).match(/(\d+) more rows of Listeners/);
    expect(Number(line?.[1])).toBe(400 - shownRows);
    expect(allText(message.blocks)).toContain('in the attached file `meshdoc-big-table-shop-cart-1.txt`');
    const full = files.find((f) => f.filename === 'meshdoc-big-table-shop-cart-1.txt');
    expect(full?.content).toContain('svc-399.shop.svc.cluster.local');
    // Report attachments always travel as files, and the message lists them.
    expect(files.map((f) => f.filename)).toContain('config_dump.json');
    expect(allText(message.blocks)).toContain('config_dump.json');
  });

  it('stays inside every limit for any size of table', () => {
    for (const rows of [0, 1, 30, 60, 200, 2000]) {
      const { message } = renderSlackReport(bigReport('c', 't', rows));
      expect(checkBlocks(message.blocks), `rows=${rows}`).toEqual([]);
      expect(checkBlocksLikeSlack(message.blocks), `rows=${rows}`).toBeUndefined();
    }
  });

  it('cuts a single over-long line visibly and attaches the full text', () => {
    const report = bigReport('c', 't', 1);
    report.sections = [{ kind: 'text', title: 'Dump', text: 'x'.repeat(5000) }];
    const { message, files, overflowed } = renderSlackReport(report);
    expect(overflowed).toBe(true);
    expect(allText(message.blocks)).toContain('[cut: the full text is in the attached file]');
    expect(files[0]?.content).toContain('x'.repeat(5000));
    expect(checkBlocksLikeSlack(message.blocks)).toBeUndefined();
  });

  it('escapes cluster-derived text so it cannot mention @channel or forge links', () => {
    const report = bigReport('c<!channel>', 'ns/<@U123>', 1);
    report.headline = `Pod <!here> & <https://evil|click> ${'x'.repeat(150)}`;
    const { message } = renderSlackReport(report);
    // The header is plain_text, which Slack never parses for mentions or links; the rest is mrkdwn.
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    const text = allText(message.blocks.filter((b) => b.type !== 'header'));
    expect(text).not.toMatch(/<!channel>|<!here>|<@U123>|<https/);
    expect(text).toContain('&lt;!here&gt; &amp; &lt;https://evil|click&gt;');
    expect(message.text).not.toContain('<!here>');
  });

  it('names the channel cluster on replies about none (help) and attaches JSON for -o json', () => {
    const help: Report = {
      command: 'help',
      cluster: '-',
      target: '-',
      headline: 'Commands',
      sections: [],
      notes: [],
      attachments: [],
    };
    const { message, files } = renderSlackReport(help, { cluster: 'prod-eu', output: 'json' });
    expect(JSON.stringify(message.blocks)).toContain('cluster `prod-eu`');
    expect(files.map((f) => f.filename)).toEqual(['meshdoc-help.json']);
    expect(JSON.parse(files[0]?.content ?? '{}')).toMatchObject({ schemaVersion: 1, command: 'help' });
  });
});

describe('renderSlackError', () => {
  it('shows the usage line for usage errors', () => {
    const error = new UsageError(
      'Unknown command "frobnicate".',
      'mesh <command> [args] — commands: help, why-not-injected. Try: help',
    );
    const message = renderSlackError(error, { cluster: 'prod-eu' });
    const text = allText(message.blocks);
    expect(text).toContain('Unknown command');
    expect(text).toContain('*Usage:*\\n```/mesh &lt;command&gt; [args]');
    expect(text).toContain('cluster `prod-eu`');
    expect(renderSlackError(error, { invokedAs: '@meshdoc' }).blocks[1]?.type).toBe('section');
    expect(allText(renderSlackError(error, { invokedAs: '@meshdoc' }).blocks)).toContain(
      '```@meshdoc &lt;command&gt;',
    );
  });

  it('uses the generic usage for tokenizer rejections, and never shows raw exception text', () => {
    const usage = renderSlackError(new UsageError('The command contains ";".'), {
      usage: '<command> [args]',
    });
    expect(allText(usage.blocks)).toContain('```/mesh &lt;command&gt; [args]```');
    const internal = new MeshdocError('internal', 'meshdoc hit an internal error.', {
      cause: new Error('ECONNRESET at secret-host:6443 token=abc'),
    });
    const text = allText(renderSlackError(internal, { reference: 'ab12cd34' }).blocks);
    expect(text).not.toContain('secret-host');
    expect(text).toContain('reference `ab12cd34`');
  });
});
