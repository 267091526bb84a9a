/**
 * The command a user typed, out of Slack's message markup: drops the bot mention ("<@U123> why…"
 * or "hey <@U123|meshdoc> why…"), unwraps links Slack made of names that look like hosts
 * ("<http://ratings.prod|ratings.prod>"), and decodes &amp; &lt; &gt; so the tokenizer judges
 * the characters the user actually typed.
 */
export function commandText(raw: string, botUserId?: string): string {
  let text = raw;
  const mention = botUserId
    ? new RegExp(`<@${escapeRegExp(botUserId)}(?:\\|[^>]*)?>`)
    : /^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/;
  const found = mention.exec(text);
  if (found) text = text.slice(found.index + found[0].length);
  text = text
    .replace(/<(?:https?:\/\/|mailto:)[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<(?:https?:\/\/|mailto:)([^|>]*)>/g, '$1')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
  return text.trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
