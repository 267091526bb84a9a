import { type Severity, severities } from '../../core/finding.ts';
import { fullHeadline, isImageAttachment, type Report, type VerdictTone } from '../../core/report.ts';
import { renderJson } from '../json.ts';
import { renderText } from '../text.ts';
import {
  type ContextBlock,
  context,
  type MeshBlock,
  type SlackFile,
  type SlackMessage,
  section,
} from './blocks.ts';
import { escapeMrkdwn, inlineCode } from './escape.ts';
import { adapterReserve, clip, type Dropped, describeDropped, fitGroups, slackLimits } from './limits.ts';
import { isRuledOut, noteGroups, sectionGroups, severityEmoji } from './section-groups.ts';

export type SlackRendering = {
  message: SlackMessage;
  /** Uploaded next to the message: report attachments, the full text on overflow, JSON on -o json. */
  files: SlackFile[];
  /** True when part of the report is only in the attached full-text file. */
  overflowed: boolean;
};

export type SlackRenderOptions = {
  output?: 'text' | 'json';
  /** Cluster to name when the report itself is about none (help): every reply names one. */
  cluster?: string;
  /** Room for the report's own blocks; tests shrink it. Defaults to Slack's limits minus reserves. */
  room?: { blocks: number; chars: number };
};

// files.getUploadURLExternal refuses an image description longer than this (alt_txt_too_large).
const slackAltTextLimit = 1000;

// The overflow line and the attachment list come after fitting, so their room is kept back.
const trailerRoom = { blocks: 2, chars: 900 };
const defaultRoom = {
  blocks: slackLimits.maxBlocks - adapterReserve.blocks - trailerRoom.blocks,
  chars: slackLimits.messageTextBudget - adapterReserve.chars - trailerRoom.chars,
};

/**
 * Report → Block Kit. The answer is said once: a header with the verdict and target ("🔴 Not
 * injected: shop/cart-7d9f"), the reason as the first section, cluster/target context, then the
 * findings (the one the reason quotes shows only its evidence and fix), notes, and what was ruled out.
 */
export function renderSlackReport(report: Report, options: SlackRenderOptions = {}): SlackRendering {
  const cluster = report.cluster === '-' && options.cluster ? options.cluster : report.cluster;
  const head: MeshBlock[] = [...answerBlocks(report), contextLine(report, cluster)];

  // "Could not check" says the answer may be incomplete, so it ranks above the ruled-out list.
  const parts = [
    ...report.sections.filter((s) => !isRuledOut(s)).map((s) => sectionGroups(s, report.headline)),
    noteGroups(report.notes),
    ...report.sections.filter(isRuledOut).map((s) => sectionGroups(s, report.headline)),
  ];
  const { blocks, dropped } = fitGroups(
    head,
    parts.flatMap((p) => p.groups),
    options.room ?? defaultRoom,
  );
  const clipped = parts.some((p) => p.clipped) || report.headline.length > slackLimits.sectionText;
  const overflowed = dropped.length > 0 || clipped;

  const full: SlackFile[] = [];
  if (overflowed) {
    const filename = fileName(report, 'txt');
    full.push({
      filename,
      title: `meshdoc ${report.command} ${report.target} (${cluster}), full answer`,
      content: renderText(report),
    });
    blocks.push(section(overflowLine(dropped, clipped, filename)));
  }
  const extra: SlackFile[] = report.attachments.map(
    (a): SlackFile =>
      isImageAttachment(a)
        ? {
            filename: a.filename,
            title: a.title,
            mediaType: a.mediaType,
            bytes: a.bytes,
            ...(a.altText ? { altText: clip(a.altText, slackAltTextLimit) } : {}),
          }
        : { filename: a.filename, title: a.title, content: a.content },
  );
  if (options.output === 'json') {
    extra.unshift({
      filename: fileName(report, 'json'),
      title: `meshdoc ${report.command} ${report.target} (${cluster}), JSON`,
      content: renderJson(report),
    });
  }
  if (extra.length > 0) blocks.push(attachmentLine(extra));
  const files = [...full, ...extra];

  const text = clip(escapeMrkdwn(`${fullHeadline(report)} (cluster ${cluster})`), slackLimits.fallbackText);
  return { message: { text, blocks }, files, overflowed };
}

/**
 * The header and, under it, the sentence. A header holds 150 characters of plain text, so it never
 * carries a sentence that might be cut: with a verdict it names verdict and target; without one
 * (tables, help) the headline goes in the header only when it fits, else a short title does.
 */
function answerBlocks(report: Report): MeshBlock[] {
  const emoji = headerEmoji(report);
  const marked = (title: string) => (emoji ? `${emoji} ${title}` : title);
  const header = (title: string): MeshBlock => ({
    type: 'header',
    text: { type: 'plain_text', text: clip(marked(title), slackLimits.headerText), emoji: true },
  });
  const sentence = section(clip(escapeMrkdwn(report.headline), slackLimits.sectionText));
  const about = report.target === '-' ? '' : `: ${report.target}`;
  if (report.verdictLabel) return [header(`${report.verdictLabel}${about}`), sentence];
  if (marked(report.headline).length <= slackLimits.headerText) return [header(report.headline)];
  return [header(`meshdoc ${report.command}${about}`), sentence];
}

function contextLine(report: Report, cluster: string): ContextBlock {
  const parts = [`:satellite_antenna: cluster ${inlineCode(clip(cluster, 200))}`];
  if (report.target !== '-') parts.push(`target ${inlineCode(clip(report.target, 300))}`);
  parts.push(inlineCode(`/mesh ${report.command}`));
  if (report.durationMs !== undefined) parts.push(`${Math.round(report.durationMs)} ms`);
  return context(...parts);
}

function overflowLine(dropped: readonly Dropped[], clipped: boolean, filename: string): string {
  const where = `in the attached file ${inlineCode(filename)}`;
  if (dropped.length === 0)
    return `:page_facing_up: Some long lines above were cut; the full text is ${where}.`;
  const total = dropped.reduce((n, d) => n + d.count, 0);
  const cut = clipped ? ' Long lines above were cut and are there in full too.' : '';
  return `:page_facing_up: Not everything fits in a Slack message: ${escapeMrkdwn(describeDropped(dropped))} ${total === 1 ? 'is' : 'are'} ${where}.${cut}`;
}

function attachmentLine(files: readonly SlackFile[]): ContextBlock {
  const shown = files
    .slice(0, 8)
    .map((f) => `${inlineCode(clip(f.filename, 120))} ${escapeMrkdwn(clip(f.title, 150))}`);
  const more = files.length > shown.length ? `, and ${files.length - shown.length} more` : '';
  return context(`:paperclip: Attached: ${shown.join(', ')}${more}`);
}

// The verdict's tone when the command gave one (a report of passes can still say "Not injected");
// otherwise the worst severity found.
function headerEmoji(report: Report): string | undefined {
  if (report.verdictTone) return toneEmoji[report.verdictTone];
  const present = new Set<Severity>(
    report.sections.flatMap((s) => (s.kind === 'findings' ? s.findings.map((f) => f.severity) : [])),
  );
  const worst = severities.find((s) => present.has(s));
  return worst ? severityEmoji[worst] : undefined;
}

const toneEmoji: Record<VerdictTone, string> = {
  ok: severityEmoji.pass,
  problem: severityEmoji.error,
  unknown: ':grey_question:',
};

/** meshdoc-why-not-injected-shop-cart-7d9f.txt: safe on every OS, recognisable in the thread. */
export function fileName(report: Report, extension: string): string {
  const slug = `${report.command}-${report.target === '-' ? '' : report.target}`
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `meshdoc-${slug || 'answer'}.${extension}`;
}
