import * as z from 'zod/mini';
import { compareText } from './compare-text.ts';

export const severities = ['error', 'warning', 'info', 'pass'] as const;
export const SeveritySchema = z.enum(severities);
export type Severity = z.infer<typeof SeveritySchema>;

/** The Kubernetes object a finding or fact is about, e.g. Namespace/bookinfo. */
export const ObjectRefSchema = z.object({
  kind: z.string(),
  namespace: z.optional(z.string()),
  name: z.string(),
});
export type ObjectRef = z.infer<typeof ObjectRefSchema>;

/** One piece of evidence, citing the object it was read from. */
export const FactSchema = z.object({
  label: z.string(),
  value: z.string(),
  source: z.optional(ObjectRefSchema),
});
export type Fact = z.infer<typeof FactSchema>;

export const FixSchema = z.object({
  text: z.string(),
  command: z.optional(z.string()),
});
export type Fix = z.infer<typeof FixSchema>;

export const FindingSchema = z.object({
  /** Stable catalogue code: MESH + four digits (see docs/findings.md). */
  code: z.string().check(z.regex(/^MESH\d{4}$|^IST\d{4}$/)),
  /** Stable kebab-case id of the cause, part of the JSON contract. */
  cause: z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)),
  severity: SeveritySchema,
  subject: ObjectRefSchema,
  message: z.string(),
  facts: z.array(FactSchema),
  fix: z.optional(FixSchema),
  docs: z.optional(z.string()),
});
export type Finding = z.infer<typeof FindingSchema>;

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2, pass: 3 };

/** Stable order: severity, then code, then subject, so output and golden files do not churn. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank[a.severity] - severityRank[b.severity] ||
    compareText(a.code, b.code) ||
    compareText(formatRef(a.subject), formatRef(b.subject))
  );
}

export function formatRef(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}
