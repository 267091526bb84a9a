import type { MeshBlock } from '../../src/renderers/slack/blocks.ts';
import { measureBlocks, slackLimits } from '../../src/renderers/slack/limits.ts';

// The renderer's own limits (src/renderers/slack/limits.ts) applied to a finished message: a test
// check, so it lives here rather than ship in the image. slack-block-rules.ts is the independent
// "what real Slack refuses" check; this one is stricter (our budget is below Slack's ceiling).

/** Every Slack rule a message breaks; empty when Slack would accept it. */
export function checkBlocks(blocks: readonly MeshBlock[]): string[] {
  const problems: string[] = [];
  const { chars } = measureBlocks(blocks);
  if (blocks.length > slackLimits.maxBlocks)
    problems.push(`${blocks.length} blocks > ${slackLimits.maxBlocks}`);
  if (chars > slackLimits.messageTextBudget)
    problems.push(`${chars} chars of block text > ${slackLimits.messageTextBudget}`);
  blocks.forEach((block, i) => {
    const over = (what: string, n: number, max: number) =>
      n > max && problems.push(`block ${i}: ${what} ${n} > ${max}`);
    if (block.type === 'header') over('header text', block.text.text.length, slackLimits.headerText);
    if (block.type === 'section') over('section text', block.text.text.length, slackLimits.sectionText);
    if (block.type === 'context') {
      over('context elements', block.elements.length, slackLimits.contextElements);
      for (const e of block.elements)
        over('context element text', e.text.length, slackLimits.contextElementText);
    }
    if (block.type === 'actions') {
      over('actions elements', block.elements.length, slackLimits.actionsElements);
      for (const e of block.elements) {
        over('button text', e.text.text.length, slackLimits.buttonText);
        over('button value', e.value.length, slackLimits.buttonValue);
        over('action_id', e.action_id.length, slackLimits.actionId);
      }
    }
  });
  return problems;
}
