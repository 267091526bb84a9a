import type { MeshBlock } from './blocks.ts';

// Every Slack size rule meshdoc depends on lives here (chatops-and-slack.md §c). Slack answers
// invalid_blocks / msg_blocks_too_long instead of posting, so the renderer must stay inside these.
export const slackLimits = {
  maxBlocks: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  contextElementText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  /** Our own cap, well below the undocumented ~12k chars at which Slack says msg_blocks_too_long. */
  messageTextBudget: 10_000,
  /** Top-level `text` is only the notification fallback; Slack advises staying under 4,000. */
  fallbackText: 3000,
} as const;

/** Room the renderer leaves for what the adapter adds later: share button, "shared by", upload notice. */
export const adapterReserve = { blocks: 3, chars: 800 } as const;

export const ellipsis = '…';
export const cutMarker = '… [cut: the full text is in the attached file]';

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - ellipsis.length))}${ellipsis}`;
}

/** Characters of text a block carries; the sum over a message is what msg_blocks_too_long counts. */
export function blockTextLength(block: MeshBlock): number {
  switch (block.type) {
    case 'header':
    case 'section':
      return block.text.text.length;
    case 'context':
      return block.elements.reduce((n, e) => n + e.text.length, 0);
    case 'actions':
      return block.elements.reduce((n, e) => n + e.text.text.length + e.value.length, 0);
    case 'divider':
      return 0;
  }
}

export function measureBlocks(blocks: readonly MeshBlock[]): { blocks: number; chars: number } {
  return { blocks: blocks.length, chars: blocks.reduce((n, b) => n + blockTextLength(b), 0) };
}

/**
 * Packs pieces (already escaped, joined by newlines) into chunks whose wrapped text fits `max`.
 * A single piece too long for any chunk is cut with a visible marker and reported as clipped,
 * so the caller attaches the full text instead of losing it silently.
 */
export function chunkPieces(
  pieces: readonly string[],
  max: number,
  wrap: (body: string) => string = (b) => b,
): { chunks: string[][]; clipped: boolean } {
  const room = max - wrap('').length;
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  let clipped = false;
  for (const raw of pieces) {
    let piece = raw;
    if (piece.length > room) {
      piece = `${piece.slice(0, room - cutMarker.length)}${cutMarker}`;
      clipped = true;
    }
    const added = current.length === 0 ? piece.length : piece.length + 1;
    if (current.length > 0 && size + added > room) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    size += current.length === 0 ? piece.length : piece.length + 1;
    current.push(piece);
  }
  if (current.length > 0) chunks.push(current);
  return { chunks, clipped };
}

/** Blocks that stand or fall together, and what they count as when they do not fit ("3 more findings"). */
export type BlockGroup = {
  blocks: MeshBlock[];
  noun: readonly [singular: string, plural: string];
  count: number;
};
export type Dropped = { noun: readonly [string, string]; count: number };

/**
 * Keeps `head`, then whole groups in order while the block count and text budget allow. Once a
 * group does not fit, the rest of its kind (same noun: the table's later rows, later findings)
 * is left out too, so what is shown of each section is its beginning; other kinds may still fit.
 * Returns what was left out, by noun.
 */
export function fitGroups(
  head: readonly MeshBlock[],
  groups: readonly BlockGroup[],
  room: { blocks: number; chars: number },
): { blocks: MeshBlock[]; dropped: Dropped[] } {
  const blocks = [...head];
  let { blocks: used, chars } = measureBlocks(head);
  const dropped = new Map<string, Dropped>();
  for (const group of groups) {
    const size = measureBlocks(group.blocks);
    const closed = dropped.has(group.noun[1]);
    if (!closed && used + size.blocks <= room.blocks && chars + size.chars <= room.chars) {
      blocks.push(...group.blocks);
      used += size.blocks;
      chars += size.chars;
      continue;
    }
    const entry = dropped.get(group.noun[1]) ?? { noun: group.noun, count: 0 };
    entry.count += group.count;
    dropped.set(group.noun[1], entry);
  }
  return { blocks, dropped: [...dropped.values()] };
}

/** "2 more findings and 14 more rows of Listeners" */
export function describeDropped(dropped: readonly Dropped[]): string {
  const parts = dropped.map((d) => `${d.count} more ${d.count === 1 ? d.noun[0] : d.noun[1]}`);
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
