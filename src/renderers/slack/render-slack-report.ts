import { type Severity, severities } from '../../core/finding.ts';
import type { Report } from '../../core/report.ts';
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

// The overflow line and the attachment list come after fitting, so their room is kept back.
const trailerRoom = { blocks: 2, chars: 900 };
const defaultRoom = {
  blocks: slackLimits.maxBlocks - adapterReserve.blocks - trailerRoom.blocks,
  chars: slackLimits.messageTextBudget - adapterReserve.chars - trailerRoom.chars,
};

/** Report → Block Kit: verdict header, cluster/target context, findings, notes, then what was ruled out. */
export function renderSlackReport(report: Report, options: SlackRenderOptions = {}): SlackRendering {
  const cluster = report.cluster === '-' && options.cluster ? options.cluster : report.cluster;
  const emoji = worstEmoji(report);
  const headline = `${emoji ? `${emoji} ` : ''}${report.headline}`;
  const head: MeshBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: clip(headline, slackLimits.headerText), emoji: true },
    },
  ];
  // A header is cut at 150 characters; the whole headline then follows as a section.
  if (headline.length > slackLimits.headerText)
    head.push(section(clip(escapeMrkdwn(report.headline), slackLimits.sectionText)));
  head.push(contextLine(report, cluster));

  // "Could not check" says the answer may be incomplete, so it ranks above the ruled-out list.
  const parts = [
    ...report.sections.filter((s) => !isRuledOut(s)).map(sectionGroups),
    noteGroups(report.notes),
    ...report.sections.filter(isRuledOut).map(sectionGroups),
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
  const extra: SlackFile[] = report.attachments.map((a) => ({
    filename: a.filename,
    title: a.title,
    content: a.content,
  }));
  if (options.output === 'json') {
    extra.unshift({
      filename: fileName(report, 'json'),
      title: `meshdoc ${report.command} ${report.target} (${cluster}), JSON`,
      content: renderJson(report),
    });
  }
  if (extra.length > 0) blocks.push(attachmentLine(extra));
  const files = [...full, ...extra];

  const text = clip(escapeMrkdwn(`${report.headline} (cluster ${cluster})`), slackLimits.fallbackText);
  return { message: { text, blocks }, files, overflowed };
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

function worstEmoji(report: Report): string | undefined {
  const present = new Set<Severity>(
    report.sections.flatMap((s) => (s.kind === 'findings' ? s.findings.map((f) => f.severity) : [])),
  );
  const worst = severities.find((s) => present.has(s));
  return worst ? severityEmoji[worst] : undefined;
}

/** meshdoc-why-not-injected-shop-cart-7d9f.txt: safe on every OS, recognisable in the thread. */
export function fileName(report: Report, extension: string): string {
  const slug = `${report.command}-${report.target === '-' ? '' : report.target}`
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `meshdoc-${slug || 'answer'}.${extension}`;
}
