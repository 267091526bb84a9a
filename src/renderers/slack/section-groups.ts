import type { Finding, Severity } from '../../core/finding.ts';
import { formatRef } from '../../core/finding.ts';
import type { GatherNote, Section } from '../../core/report.ts';
import { formatTable } from '../format-table.ts';
import { assertNever } from '../text.ts';
import { section } from './blocks.ts';
import { codeBlock, escapeMrkdwn, fenceSafe, inlineCode } from './escape.ts';
import { type BlockGroup, chunkPieces, slackLimits } from './limits.ts';

export const severityEmoji: Record<Severity, string> = {
  error: ':red_circle:',
  warning: ':warning:',
  info: ':information_source:',
  pass: ':white_check_mark:',
};

export type Groups = { groups: BlockGroup[]; clipped: boolean };

/** A findings section where everything passed is the "Ruled out" list, shown one line per check. */
export function isRuledOut(s: Section): boolean {
  return s.kind === 'findings' && s.findings.length > 0 && s.findings.every((f) => f.severity === 'pass');
}

/**
 * One report section → groups of section blocks, each block within Slack's 3,000 characters.
 * `reason` is the sentence already shown under the header: the finding saying exactly that shows
 * only its evidence and fix (even in the ruled-out list, where "already injected" sits).
 */
export function sectionGroups(s: Section, reason?: string): Groups {
  const title = `*${escapeMrkdwn(s.title)}*`;
  switch (s.kind) {
    case 'findings': {
      const quoted = (f: Finding) => f.message === reason;
      if (isRuledOut(s)) {
        const evidence = s.findings
          .filter(quoted)
          .map((f, i) => findingGroup(f, i === 0 ? title : undefined, true));
        const lines = s.findings
          .filter((f) => !quoted(f))
          .map((f) => `${severityEmoji.pass} ${escapeMrkdwn(f.message)} ${inlineCode(f.code)}`);
        const list =
          lines.length > 0 ? [listGroups(evidence.length > 0 ? '' : title, lines, ruledOutNoun)] : [];
        return mergeGroups([...evidence, ...list]);
      }
      return mergeGroups(s.findings.map((f, i) => findingGroup(f, i === 0 ? title : undefined, quoted(f))));
    }
    case 'table': {
      const [header = '', ...rows] = formatTable(s.columns, s.rows).split('\n').map(fenceSafe);
      const wrap = (body: string) => `${title}\n\`\`\`${header}\n${body}\`\`\``;
      const { chunks, clipped } = chunkPieces(rows, slackLimits.sectionText, wrap);
      const noun = [`row of ${s.title}`, `rows of ${s.title}`] as const;
      return {
        groups: chunks.map((c) => ({ blocks: [section(wrap(c.join('\n')))], noun, count: c.length })),
        clipped,
      };
    }
    case 'keyValue':
      return listGroups(
        title,
        s.pairs.map((p) => `• ${escapeMrkdwn(p.key)}: ${inlineCode(p.value)}`),
        [`line of ${s.title}`, `lines of ${s.title}`],
      );
    case 'text':
      return listGroups(title, s.text.split('\n').map(escapeMrkdwn), [
        `line of ${s.title}`,
        `lines of ${s.title}`,
      ]);
    default:
      return assertNever(s);
  }
}

export function noteGroups(notes: readonly GatherNote[]): Groups {
  if (notes.length === 0) return { groups: [], clipped: false };
  const lines = notes.map((n) => `• ${escapeMrkdwn(n.evidence)}: ${escapeMrkdwn(n.message)}`);
  return listGroups('*:grey_question: Could not check*', lines, ['note', 'notes']);
}

const ruledOutNoun = ['ruled-out check', 'ruled-out checks'] as const;

/**
 * Message line, evidence facts citing their source object, then the fix as a copy-paste block.
 * `quoted`: the reason above already says the message, so the line keeps only code and cause.
 */
function findingGroup(f: Finding, title: string | undefined, quoted: boolean): Groups {
  const pieces = title ? [title] : [];
  const message = quoted ? '' : `*${escapeMrkdwn(f.message)}*  `;
  pieces.push(`${severityEmoji[f.severity]} ${message}${inlineCode(f.code)} _${escapeMrkdwn(f.cause)}_`);
  for (const fact of f.facts) {
    const source = fact.source ? ` — _${escapeMrkdwn(formatRef(fact.source))}_` : '';
    pieces.push(`• ${escapeMrkdwn(fact.label)}: ${inlineCode(fact.value)}${source}`);
  }
  if (f.fix) {
    pieces.push(`*Fix:* ${escapeMrkdwn(f.fix.text)}`);
    if (f.fix.command) pieces.push(codeBlock(f.fix.command));
  }
  if (f.docs) pieces.push(`_Docs:_ ${escapeMrkdwn(f.docs)}`);
  const { chunks, clipped } = chunkPieces(pieces, slackLimits.sectionText);
  return {
    groups: [{ blocks: chunks.map((c) => section(c.join('\n'))), noun: ['finding', 'findings'], count: 1 }],
    clipped,
  };
}

/** A titled list split into as many sections as needed; each section counts its own lines. */
function listGroups(title: string, lines: readonly string[], noun: readonly [string, string]): Groups {
  const head = title ? [title] : [];
  const { chunks, clipped } = chunkPieces([...head, ...lines], slackLimits.sectionText);
  const groups = chunks.map((c, i) => ({
    blocks: [section(c.join('\n'))],
    noun,
    count: i === 0 ? c.length - head.length : c.length,
  }));
  return { groups, clipped };
}

function mergeGroups(parts: readonly Groups[]): Groups {
  return { groups: parts.flatMap((p) => p.groups), clipped: parts.some((p) => p.clipped) };
}
