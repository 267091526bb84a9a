import * as z from 'zod/mini';
import { FindingSchema } from '../core/finding.ts';
import {
  attachmentMediaType,
  attachmentMediaTypes,
  attachmentSize,
  fullHeadline,
  GatherNoteSchema,
  type Report,
  SectionSchema,
  verdictTones,
} from '../core/report.ts';
import type { MeshdocError } from '../errors.ts';

// The JSON output is a documented contract (docs/json-output.md). Fields are only ever added;
// a breaking change bumps schemaVersion.
export const schemaVersion = 1;

export const JsonReportSchema = z.catchall(
  z.object({
    schemaVersion: z.literal(schemaVersion),
    command: z.string(),
    cluster: z.string(),
    target: z.string(),
    verdict: z.nullable(z.string()),
    /** Short verdict, e.g. "Not injected" (added in schemaVersion 1; null for commands without one). */
    verdictLabel: z.nullable(z.string()),
    /** How the verdict reads: ok, problem or unknown (added in schemaVersion 1; null without one). */
    verdictTone: z.nullable(z.enum(verdictTones)),
    /** The whole one-line answer, verdict included: unchanged since schemaVersion 1. */
    headline: z.string(),
    /** The headline's sentence without the verdict label (added in schemaVersion 1). */
    reason: z.string(),
    findings: z.array(FindingSchema),
    sections: z.array(SectionSchema),
    notes: z.array(GatherNoteSchema),
    /** Each file's name, title and size; never its content. `mediaType` added in schemaVersion 1. */
    attachments: z.array(
      z.object({
        filename: z.string(),
        title: z.string(),
        bytes: z.number(),
        mediaType: z.enum(attachmentMediaTypes),
      }),
    ),
    durationMs: z.nullable(z.number()),
  }),
  z.unknown(),
);
export type JsonReport = z.infer<typeof JsonReportSchema>;

export const JsonErrorSchema = z.object({
  schemaVersion: z.literal(schemaVersion),
  error: z.object({ code: z.string(), message: z.string(), hint: z.nullable(z.string()) }),
});

/** Report → the JSON contract: findings flattened to the top level, command data merged in. */
export function renderJson(report: Report): string {
  const findings = report.sections.flatMap((s) => (s.kind === 'findings' ? s.findings : []));
  const body: JsonReport = {
    schemaVersion,
    command: report.command,
    cluster: report.cluster,
    target: report.target,
    verdict: report.verdict ?? null,
    verdictLabel: report.verdictLabel ?? null,
    verdictTone: report.verdictTone ?? null,
    headline: fullHeadline(report),
    reason: report.headline,
    findings,
    sections: report.sections,
    notes: report.notes,
    attachments: report.attachments.map((a) => ({
      filename: a.filename,
      title: a.title,
      bytes: attachmentSize(a),
      mediaType: attachmentMediaType(a),
    })),
    durationMs: report.durationMs ?? null,
    ...(report.data ?? {}),
  };
  return `${JSON.stringify(JsonReportSchema.parse(body), null, 2)}\n`;
}

export function renderJsonError(error: MeshdocError): string {
  return `${JSON.stringify(JsonErrorSchema.parse({ schemaVersion, error: { code: error.code, message: error.userMessage, hint: error.hint ?? null } }), null, 2)}\n`;
}
