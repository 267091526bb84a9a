import type { Finding, Severity } from '../core/finding.ts';
import { formatRef } from '../core/finding.ts';
import {
  type Attachment,
  attachmentSize,
  fullHeadline,
  isImageAttachment,
  type Report,
  type Section,
} from '../core/report.ts';
import type { MeshdocError } from '../errors.ts';
import { formatTable } from './format-table.ts';

export type TextStyle = { color: boolean };

const ansi = { red: '31', yellow: '33', cyan: '36', green: '32', dim: '2', bold: '1' } as const;
const severityStyle: Record<Severity, { mark: string; color: keyof typeof ansi }> = {
  error: { mark: '✘', color: 'red' },
  warning: { mark: '!', color: 'yellow' },
  info: { mark: 'i', color: 'cyan' },
  pass: { mark: '✔', color: 'green' },
};

/**
 * Report → terminal text: the answer once (verdict and reason), then findings with evidence and fix,
 * then notes. The finding the answer quotes shows only its evidence and fix, not its message again.
 */
export function renderText(report: Report, style: TextStyle = { color: false }): string {
  const paint = (color: keyof typeof ansi, s: string) =>
    style.color ? `\u001b[${ansi[color]}m${s}\u001b[0m` : s;
  const lines: string[] = [paint('bold', escapeControl(fullHeadline(report)))];
  // A report about no cluster and no target (help) has no such line, rather than an empty one.
  if (report.cluster !== '-' || report.target !== '-')
    lines.push(
      paint(
        'dim',
        `cluster: ${escapeControl(report.cluster, 'one-line')}   target: ${escapeControl(report.target, 'one-line')}${report.durationMs !== undefined ? `   ${report.durationMs} ms` : ''}`,
      ),
    );
  for (const section of report.sections) {
    lines.push('', paint('bold', escapeControl(section.title, 'one-line')));
    lines.push(...renderSection(section, paint, report.headline));
  }
  if (report.notes.length > 0) {
    lines.push('', paint('bold', 'Could not check'));
    for (const note of report.notes) lines.push(escapeControl(`  - ${note.evidence}: ${note.message}`));
  }
  for (const a of report.attachments)
    lines.push('', paint('dim', escapeControl(attachmentLine(a), 'one-line')));
  return `${lines.join('\n')}\n`;
}

/** A text file by its size; an image is never printed, only named, with the flag that writes it. */
function attachmentLine(a: Attachment): string {
  if (isImageAttachment(a)) {
    const kb = Math.max(1, Math.round(a.bytes.byteLength / 1024));
    return `chart: ${a.filename} (PNG, ${kb} KB) — write it with --chart FILE`;
  }
  return `attachment: ${a.filename} (${attachmentSize(a)} bytes) — ${a.title}`;
}

type Paint = (color: keyof typeof ansi, s: string) => string;

function renderSection(section: Section, paint: Paint, reason: string): string[] {
  switch (section.kind) {
    case 'findings':
      return section.findings.flatMap((f) => renderFinding(f, paint, f.message === reason));
    case 'table':
      return formatTable(
        section.columns.map((c) => escapeControl(c, 'one-line')),
        section.rows.map((row) => row.map((cell) => escapeControl(cell, 'one-line'))),
      ).split('\n');
    case 'keyValue':
      return section.pairs.map((p) => escapeControl(`  ${p.key}: ${p.value}`, 'one-line'));
    case 'text':
      return section.text.split('\n').map((l) => `  ${escapeControl(l)}`);
    default:
      return assertNever(section);
  }
}

/** `quoted`: the headline already says this finding's message, so only its code leads its evidence. */
function renderFinding(f: Finding, paint: Paint, quoted: boolean): string[] {
  const { mark, color } = severityStyle[f.severity];
  const message = quoted ? '' : `${escapeControl(f.message)} `;
  const lines = [
    `  ${paint(color, mark)} ${message}${paint('dim', escapeControl(`[${f.code} ${f.cause}]`))}`,
  ];
  for (const fact of f.facts)
    lines.push(
      paint(
        'dim',
        escapeControl(
          `      ${fact.label}: ${fact.value}${fact.source ? `  (${formatRef(fact.source)})` : ''}`,
        ),
      ),
    );
  if (f.fix) {
    lines.push(escapeControl(`      fix: ${f.fix.text}`));
    if (f.fix.command) lines.push(`        ${paint('bold', escapeControl(f.fix.command))}`);
  }
  return lines;
}

export function renderTextError(error: MeshdocError, style: TextStyle = { color: false }): string {
  const head = style.color ? `\u001b[31merror\u001b[0m` : 'error';
  return `${head}: ${escapeControl(error.userMessage)}${error.hint ? `\n${escapeControl(error.hint)}` : ''}\n`;
}

/**
 * Terminal safety: C0 and C1 control characters (ESC, CR, BEL, DEL, …) in text that came from a
 * user or a cluster are shown as visible escapes (`\x1b`), so `$'\e[2J'` in an argument or a
 * label cannot clear or repaint the terminal. Newlines are kept (the renderer's own line breaks in
 * multi-line text) unless the field is `one-line` (a table cell, a name). Unicode bidirectional
 * controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) and the line and paragraph
 * separators are shown as `\u202e`: they reorder what a terminal shows (the "Trojan Source"
 * trick), so a pod name could otherwise read as something it is not.
 */
export function escapeControl(text: string, mode: 'multi-line' | 'one-line' = 'multi-line'): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    if (control && !(code === 0x0a && mode === 'multi-line')) {
      out += `${text.slice(start, i)}\\x${code.toString(16).padStart(2, '0')}`;
      start = i + 1;
    } else if (isBidiOrSeparator(code)) {
      out += `${text.slice(start, i)}\\u${code.toString(16).padStart(4, '0')}`;
      start = i + 1;
    }
  }
  return start === 0 ? text : out + text.slice(start);
}

function isBidiOrSeparator(code: number): boolean {
  return (
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0x200e ||
    code === 0x200f ||
    code === 0x061c ||
    code === 0x2028 ||
    code === 0x2029
  );
}

export function assertNever(value: never): never {
  throw new Error(`unhandled section kind: ${JSON.stringify(value)}`);
}
