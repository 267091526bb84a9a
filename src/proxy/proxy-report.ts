import { compareFindings, type Finding } from '../core/finding.ts';
import type { Attachment, GatherNote, Report, Section } from '../core/report.ts';
import type { DumpProblem } from '../envoy/config-dump.ts';
import type { OpenedDump } from '../envoy/open-proxy-dump.ts';
import { renderIstioctlTable, type SummaryTable } from '../summaries/summary-table.ts';

/** Past this many rows a table is also attached in full (Slack shows only part of a long table). */
export const attachRowsOver = 40;
const maxProblemNotes = 10;

export type TableReportInput = {
  command: string;
  opened: OpenedDump;
  title: string;
  table: SummaryTable;
  headline: string;
  findings?: Finding[];
  problems?: DumpProblem[];
  notes?: GatherNote[];
  data?: Record<string, unknown>;
  durationMs: number;
};

/** A proxy table as a report: findings first, then the table; the istioctl text attached when long. */
export function tableReport(input: TableReportInput): Report {
  const { opened, table } = input;
  const findings = [...(input.findings ?? [])].sort(compareFindings);
  const sections: Section[] = [];
  if (findings.length > 0) sections.push({ kind: 'findings', title: 'Findings', findings });
  if (table.rows.length === 0 && table.emptyMessage)
    sections.push({ kind: 'text', title: input.title, text: table.emptyMessage });
  else sections.push({ kind: 'table', title: input.title, columns: table.columns, rows: table.rows });
  const attachments: Attachment[] = [];
  if (table.rows.length > attachRowsOver) {
    attachments.push({
      filename: `${input.command}-${safeName(opened.target)}.txt`,
      title: `${input.title} of ${opened.target}, all ${table.rows.length} rows (as istioctl proxy-config prints them)`,
      content: renderIstioctlTable(table),
    });
  }
  return {
    command: input.command,
    cluster: opened.cluster,
    target: opened.target,
    headline: input.headline,
    sections,
    notes: [...(input.notes ?? []), ...problemNotes(input.problems ?? [])],
    attachments,
    data: { rows: table.rows.length, ...input.data },
    durationMs: input.durationMs,
  };
}

/** Resources meshdoc skipped, as "Could not check" notes (capped: a broken dump can have thousands). */
export function problemNotes(problems: readonly DumpProblem[]): GatherNote[] {
  const notes = problems
    .slice(0, maxProblemNotes)
    .map((p) => ({ evidence: `config dump ${p.where}`, message: `skipped: ${p.message}` }));
  if (problems.length > maxProblemNotes) {
    notes.push({
      evidence: 'config dump',
      message: `${problems.length - maxProblemNotes} more resources skipped for the same kind of reason`,
    });
  }
  return notes;
}

/** A file-name-safe version of a target like `bookinfo/reviews-v1-abc`. */
export function safeName(target: string): string {
  return target.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'dump';
}
