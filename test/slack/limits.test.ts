import { describe, expect, it } from 'vitest';
import { section } from '../../src/renderers/slack/blocks.ts';
import { chunkPieces, cutMarker, describeDropped, fitGroups } from '../../src/renderers/slack/limits.ts';
import { withShareButton } from '../../src/renderers/slack/render-slack-status.ts';
import { checkBlocks } from '../helpers/check-blocks.ts';

describe('limits', () => {
  it('checkBlocks names every rule a message breaks', () => {
    const blocks = [
      { type: 'header' as const, text: { type: 'plain_text' as const, text: 'h'.repeat(151) } },
      section('s'.repeat(3001)),
      {
        type: 'context' as const,
        elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn' as const, text: 'c' })),
      },
      ...Array.from({ length: 48 }, () => section('x'.repeat(200))),
    ];
    const problems = checkBlocks(blocks);
    expect(problems).toEqual(
      expect.arrayContaining([
        '51 blocks > 50',
        expect.stringMatching(/chars of block text > 10000/),
        'block 0: header text 151 > 150',
        'block 1: section text 3001 > 3000',
        'block 2: context elements 11 > 10',
      ]),
    );
    const long = withShareButton({ text: 't', blocks: [] }, 'v'.repeat(2001));
    expect(checkBlocks(long.blocks)).toEqual(['block 0: button value 2001 > 2000']);
  });

  it('chunkPieces packs lines under the limit and marks a cut line', () => {
    const { chunks, clipped } = chunkPieces(['a'.repeat(60), 'b'.repeat(60), 'c'.repeat(30)], 100);
    expect(chunks).toEqual([['a'.repeat(60)], ['b'.repeat(60), 'c'.repeat(30)]]);
    expect(clipped).toBe(false);
    const cut = chunkPieces(['z'.repeat(500)], 100, (b) => `*T*\n${b}`);
    expect(cut.clipped).toBe(true);
    expect(cut.chunks[0]?.[0]?.endsWith(cutMarker)).toBe(true);
    expect(`*T*\n${cut.chunks[0]?.join('\n')}`.length).toBeLessThanOrEqual(100);
  });

  it('fitGroups keeps order, closes a kind once it overflows, and counts what is left out', () => {
    const finding = { blocks: [section('f'.repeat(400))], noun: ['finding', 'findings'] as const, count: 1 };
    const note = { blocks: [section('n'.repeat(50))], noun: ['note', 'notes'] as const, count: 2 };
    const { blocks, dropped } = fitGroups([section('head')], [finding, finding, finding, note], {
      blocks: 10,
      chars: 900,
    });
    expect(blocks).toHaveLength(1 + 2 + 1);
    expect(dropped).toEqual([{ noun: ['finding', 'findings'], count: 1 }]);
    expect(describeDropped([...dropped, { noun: ['row', 'rows'], count: 3 }])).toBe(
      '1 more finding and 3 more rows',
    );
  });
});
