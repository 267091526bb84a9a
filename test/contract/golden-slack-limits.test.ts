import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MeshBlock } from '../../src/renderers/slack/blocks.ts';
import { checkBlocks } from '../helpers/check-blocks.ts';
import { checkBlocksLikeSlack } from '../helpers/fake-slack/slack-block-rules.ts';
import { listSources } from '../helpers/source-imports.ts';

// Every golden Slack rendering (test/golden/**/*.slack.json) must be a message Slack accepts
// (slack-block-rules.ts, written independently of the renderer) and must keep within our own,
// stricter budget (limits.ts, with room left for what the adapter adds). A golden refreshed with -u
// therefore cannot smuggle in a message Slack would refuse.

const root = fileURLToPath(new URL('../../', import.meta.url));
const goldens = listSources(root, ['test/golden'], '.slack.json');

describe('golden Slack renderings stay within Slack limits', () => {
  it('there is a Slack golden for every command', () => {
    const commands = new Set(goldens.map((g) => g.split('/')[2]));
    expect([...commands].sort()).toEqual([
      'canary-status',
      'clusters',
      'config-dump',
      'endpoints',
      'help',
      'labels',
      'listeners',
      'routes',
      'secrets',
      'tls-check',
      'why-not-injected',
    ]);
  });

  it.each(goldens)('%s', (file) => {
    const golden = JSON.parse(readFileSync(`${root}${file}`, 'utf8')) as {
      message: { text: string; blocks: MeshBlock[] };
    };
    expect(checkBlocksLikeSlack(golden.message.blocks)).toBeUndefined();
    expect(checkBlocks(golden.message.blocks)).toEqual([]);
    expect(golden.message.text.length).toBeGreaterThan(0);
  });
});
