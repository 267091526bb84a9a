import type { CauseSpec } from '../../core/check.ts';
import type { Fact, Finding, Fix, ObjectRef, Severity } from '../../core/finding.ts';

/** What a check says; code and cause come from the CauseSpec it declared. */
export type FindingDraft = {
  severity: Severity;
  subject: ObjectRef;
  message: string;
  facts?: Fact[];
  fix?: Fix | undefined;
};

/** A finding of a declared cause, so a check can only speak in codes it lists in `emits`. */
export function injectionFinding(spec: CauseSpec, draft: FindingDraft): Finding {
  const { fix, facts, ...rest } = draft;
  return {
    code: spec.code,
    cause: spec.cause,
    ...rest,
    facts: facts ?? [],
    ...(fix ? { fix } : {}),
  };
}
