// Slack parses <…> as links and mentions (<!channel>, <@U…>) in mrkdwn, and & starts an entity.
// Anything that came from a cluster (labels, annotations, names) is escaped before it is posted.

export function escapeMrkdwn(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Inline code span; a backtick inside would end the span early, so it becomes a look-alike. */
export function inlineCode(value: string): string {
  return `\`${escapeMrkdwn(value.replaceAll('`', 'ˋ'))}\``;
}

/** Escaped text for inside a ``` fence: a ``` in the content would close the fence early. */
export function fenceSafe(value: string): string {
  return escapeMrkdwn(value.replaceAll('```', 'ˋˋˋ'));
}

/** Fenced block for commands and tables. */
export function codeBlock(value: string): string {
  return `\`\`\`${fenceSafe(value)}\`\`\``;
}

/** Slack user ids are [UW] + uppercase alphanumerics; anything else is not put in a <@…> mention. */
export function userMention(userId: string): string {
  return /^[UW][A-Z0-9]{2,20}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}
