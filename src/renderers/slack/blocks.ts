// The few Block Kit shapes meshdoc emits. A closed union (instead of Bolt's open KnownBlock)
// lets limits.ts measure every text field exhaustively; each type is assignable to KnownBlock.

export type MrkdwnText = { type: 'mrkdwn'; text: string };
export type PlainText = { type: 'plain_text'; text: string; emoji?: boolean };

export type HeaderBlock = { type: 'header'; text: PlainText };
export type SectionBlock = { type: 'section'; text: MrkdwnText };
export type ContextBlock = { type: 'context'; elements: MrkdwnText[] };
export type ButtonElement = {
  type: 'button';
  action_id: string;
  value: string;
  text: PlainText;
  style?: 'primary' | 'danger';
};
export type ActionsBlock = { type: 'actions'; elements: ButtonElement[] };
export type DividerBlock = { type: 'divider' };

export type MeshBlock = HeaderBlock | SectionBlock | ContextBlock | ActionsBlock | DividerBlock;

/** A message ready for chat.postMessage / chat.update / respond(): blocks plus the notification text. */
export type SlackMessage = { text: string; blocks: MeshBlock[] };

/** Content that goes up with files.uploadV2 next to the message. */
/** A file uploaded with an answer: text (content), or a PNG (bytes) that Slack shows as an image. */
export type SlackFile =
  | { filename: string; title: string; content: string; mediaType?: 'text/plain' }
  | {
      filename: string;
      title: string;
      mediaType: 'image/png';
      bytes: Uint8Array;
      /** For screen readers; Slack takes at most 1000 characters. */
      altText?: string;
      content?: undefined;
    };

export function mrkdwn(text: string): MrkdwnText {
  return { type: 'mrkdwn', text };
}

export function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(text) };
}

export function context(...texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.map(mrkdwn) };
}
