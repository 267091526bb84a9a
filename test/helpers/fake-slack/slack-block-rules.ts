// What real Slack refuses in a message's blocks, written independently of src/renderers/slack/limits.ts
// so the tests do not just check the renderer against itself. Numbers: chatops-and-slack.md §c.
// `msg_blocks_too_long` is undocumented; Slack starts refusing at roughly 12k characters.
export const cumulativeTextLimit = 12_000;

export type Rejection = {
  error: 'invalid_blocks' | 'invalid_blocks_format' | 'msg_blocks_too_long';
  errors: string[];
};

const knownTypes = new Set([
  'header',
  'section',
  'context',
  'actions',
  'divider',
  'image',
  'rich_text',
  'markdown',
  'table',
]);

export function checkBlocksLikeSlack(blocks: unknown): Rejection | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return { error: 'invalid_blocks_format', errors: ['blocks must be an array'] };
  const errors: string[] = [];
  let total = 0;
  const text = (value: unknown, where: string, max: number, kinds = ['plain_text', 'mrkdwn']) => {
    const t = value as { type?: unknown; text?: unknown } | undefined;
    if (!t || typeof t.text !== 'string' || !kinds.includes(String(t.type))) {
      errors.push(`${where} must be a ${kinds.join('/')} text object`);
      return;
    }
    if (t.text.length === 0) errors.push(`${where}.text must not be empty`);
    if (t.text.length > max)
      errors.push(`${where}.text must be at most ${max} characters, got ${t.text.length}`);
    total += t.text.length;
  };
  if (blocks.length > 50)
    errors.push(`no more than 50 items allowed [json-pointer:/blocks], got ${blocks.length}`);
  blocks.forEach((raw, i) => {
    const block = raw as Record<string, unknown>;
    const at = `/blocks/${i}`;
    if (!block || typeof block !== 'object' || !knownTypes.has(String(block.type))) {
      errors.push(`${at}: unknown block type`);
      return;
    }
    if (block.type === 'header') text(block.text, `${at}/text`, 150, ['plain_text']);
    if (block.type === 'section') {
      if (block.text === undefined && block.fields === undefined)
        errors.push(`${at}: section needs text or fields`);
      if (block.text !== undefined) text(block.text, `${at}/text`, 3000);
      if (Array.isArray(block.fields)) {
        if (block.fields.length > 10) errors.push(`${at}/fields: at most 10 items`);
        block.fields.forEach((f, j) => {
          text(f, `${at}/fields/${j}`, 2000);
        });
      }
    }
    if (block.type === 'context') {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length === 0 || elements.length > 10)
        errors.push(`${at}/elements: 1 to 10 items, got ${elements.length}`);
      elements.forEach((e, j) => {
        text(e, `${at}/elements/${j}`, 3000);
      });
    }
    if (block.type === 'actions') {
      const elements = Array.isArray(block.elements) ? (block.elements as Record<string, unknown>[]) : [];
      if (elements.length === 0 || elements.length > 25) errors.push(`${at}/elements: 1 to 25 items`);
      elements.forEach((e, j) => {
        if (e.type !== 'button') return;
        text(e.text, `${at}/elements/${j}/text`, 75, ['plain_text']);
        if (typeof e.value === 'string' && e.value.length > 2000)
          errors.push(`${at}/elements/${j}/value: at most 2000 characters`);
        if (typeof e.action_id === 'string' && e.action_id.length > 255)
          errors.push(`${at}/elements/${j}/action_id: at most 255 characters`);
      });
    }
  });
  if (errors.length > 0) return { error: 'invalid_blocks', errors };
  if (total > cumulativeTextLimit)
    return { error: 'msg_blocks_too_long', errors: [`${total} characters of text in blocks`] };
  return undefined;
}
