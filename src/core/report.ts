import * as z from 'zod/mini';
import { FindingSchema } from './finding.ts';

/** ok: nothing to fix; problem: something to fix; unknown: could not decide. */
export const verdictTones = ['ok', 'problem', 'unknown'] as const;
export type VerdictTone = (typeof verdictTones)[number];

/** Sections are a closed union: renderers switch over `kind` exhaustively. */
export const SectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('findings'), title: z.string(), findings: z.array(FindingSchema) }),
  z.object({
    kind: z.literal('table'),
    title: z.string(),
    columns: z.array(z.string()),
    rows: z.array(z.array(z.string())),
  }),
  z.object({
    kind: z.literal('keyValue'),
    title: z.string(),
    pairs: z.array(z.object({ key: z.string(), value: z.string() })),
  }),
  z.object({ kind: z.literal('text'), title: z.string(), text: z.string() }),
]);
export type Section = z.infer<typeof SectionSchema>;

/** Something the bot could not read, and what that means for the answer. */
export const GatherNoteSchema = z.object({
  evidence: z.string(),
  message: z.string(),
});
export type GatherNote = z.infer<typeof GatherNoteSchema>;

/** A text file that goes with the answer (always uploaded, never pasted): full tables, redacted dumps. */
export const TextAttachmentSchema = z.object({
  filename: z.string(),
  title: z.string(),
  /** text/plain when absent: every attachment before images. */
  mediaType: z.optional(z.literal('text/plain')),
  content: z.string(),
});
export type TextAttachment = z.infer<typeof TextAttachmentSchema>;

/**
 * An image that goes with the answer (e.g. the canary chart): uploaded into the thread in Slack,
 * written by the CLI only when asked (`--chart FILE`), never printed. The bytes stay bytes: the
 * JSON output lists an attachment's size, never its content.
 */
export const ImageAttachmentSchema = z.object({
  filename: z.string(),
  title: z.string(),
  mediaType: z.literal('image/png'),
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected the image as a Uint8Array'),
  /** What the image shows, for screen readers (Slack's alt text, at most 1000 characters). */
  altText: z.optional(z.string()),
});
export type ImageAttachment = z.infer<typeof ImageAttachmentSchema>;

export const AttachmentSchema = z.union([TextAttachmentSchema, ImageAttachmentSchema]);
export type Attachment = z.infer<typeof AttachmentSchema>;
export const attachmentMediaTypes = ['text/plain', 'image/png'] as const;
export type AttachmentMediaType = (typeof attachmentMediaTypes)[number];

export function isImageAttachment(attachment: Attachment): attachment is ImageAttachment {
  return attachment.mediaType === 'image/png';
}

/** The attachment's media type, text/plain when it does not say. */
export function attachmentMediaType(attachment: Attachment): AttachmentMediaType {
  return attachment.mediaType ?? 'text/plain';
}

/** Its size in bytes as uploaded or written (UTF-8 for text). */
export function attachmentSize(attachment: Attachment): number {
  return isImageAttachment(attachment) ? attachment.bytes.byteLength : Buffer.byteLength(attachment.content);
}

export const ReportSchema = z.object({
  command: z.string(),
  /** Cluster (kubeconfig context, or "files:<path>" / "demo") the answer is about. */
  cluster: z.string(),
  target: z.string(),
  /** Machine-readable verdict, command-specific (e.g. injected / not-injected / unknown). */
  verdict: z.optional(z.string()),
  /**
   * Short verdict for titles, e.g. "Not injected", set by commands that decide something. With it,
   * `headline` is the reason alone and renderers title the answer "<verdictLabel>: <target>", so the
   * sentence is said once; JSON keeps `headline` as "<verdictLabel>: <reason>" (fullHeadline).
   */
  verdictLabel: z.optional(z.string()),
  /** How the verdict reads, set by the command that decided: renderers colour the answer by it. */
  verdictTone: z.optional(z.enum(verdictTones)),
  /** The one-line answer, shown first: the reason, when there is a verdictLabel. */
  headline: z.string(),
  sections: z.array(SectionSchema),
  notes: z.array(GatherNoteSchema),
  attachments: z.array(AttachmentSchema),
  /** Extra command-specific JSON contract fields (e.g. cause, wouldInjectNow). */
  data: z.optional(z.record(z.string(), z.unknown())),
  durationMs: z.optional(z.number()),
});
export type Report = z.infer<typeof ReportSchema>;

/** The whole one-line answer, verdict included: "Not injected: <reason>", or the headline as is. */
export function fullHeadline(report: Pick<Report, 'verdictLabel' | 'headline'>): string {
  return report.verdictLabel ? `${report.verdictLabel}: ${report.headline}` : report.headline;
}
