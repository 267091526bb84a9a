import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goSortSlice } from '../../src/summaries/go-sort-slice.ts';
import { goTabwrite } from '../../src/summaries/go-tabwriter.ts';
import { parseSubsetKey } from '../../src/summaries/subset-key.ts';
import { parseGoInt } from '../../src/summaries/summary-table.ts';

// go-sort-golden.json was produced by Go 1.26's sort.Slice with test/fixtures/envoy/go-sort-golden.go.txt
// (`go run` it as main.go): random keys with many ties, and route-like names sorted with istioctl's
// numeric-only comparator, which is not a valid order.
type Case = { kind: 'ties' | 'routes'; input: string[]; order: number[] };
const cases = JSON.parse(
  readFileSync(new URL('../fixtures/envoy/go-sort-golden.json', import.meta.url), 'utf8'),
) as Case[];

describe('goSortSlice matches Go sort.Slice element for element', () => {
  it.each(cases.map((c, i) => [i, c.kind, c.input.length, c] as const))(
    'case %i (%s, %i items)',
    (_i, kind, _n, c) => {
      const items = c.input.map((v, id) => ({ v, id }));
      if (kind === 'ties') goSortSlice(items, (a, b) => a.v < b.v);
      else {
        goSortSlice(items, (a, b) => {
          const x = parseGoInt(a.v);
          const y = parseGoInt(b.v);
          return x !== undefined && y !== undefined && x < y;
        });
      }
      expect(items.map((x) => x.id)).toEqual(c.order);
    },
  );
});

describe('goTabwrite', () => {
  it('pads every cell but the last of a line to the column width plus padding', () => {
    expect(
      goTabwrite(
        [
          ['A', 'BB', 'C'],
          ['aaa', '', 'c'],
        ],
        2,
      ),
    ).toBe('A    BB  C\naaa      c\n');
  });

  it('computes widths per block of lines that have the column (Go semantics)', () => {
    // The 2-cell line ends the block of column 1, so the 3-cell lines after it form their own block.
    const text = goTabwrite(
      [
        ['a', 'b', 'c'],
        ['long', 'x'],
        ['a', 'bbbbbb', 'c'],
      ],
      1,
    );
    expect(text).toBe('a    b c\nlong x\na    bbbbbb c\n');
  });

  it('counts runes, not UTF-16 units', () => {
    expect(
      goTabwrite(
        [
          ['é', 'x'],
          ['ab', 'y'],
        ],
        1,
      ),
    ).toBe('é  x\nab y\n');
  });
});

describe('parseSubsetKey (pilot/pkg/model ParseSubsetKey)', () => {
  it.each([
    [
      'outbound|9080|v1|reviews.default.svc.cluster.local',
      { direction: 'outbound', port: 9080, subset: 'v1', fqdn: 'reviews.default.svc.cluster.local' },
    ],
    ['inbound|8080||', { direction: 'inbound', port: 8080, subset: '', fqdn: '' }],
    [
      'outbound_.80_.v1_.reviews.default.svc.cluster.local',
      { direction: 'outbound', port: 80, subset: 'v1', fqdn: 'reviews.default.svc.cluster.local' },
    ],
    ['a|b|c|d|e', { direction: 'a', port: 0, subset: 'c', fqdn: '' }],
    ['BlackHoleCluster', { direction: '', port: 0, subset: '', fqdn: '' }],
  ])('%s', (name, key) => expect(parseSubsetKey(name)).toEqual(key));
});
