import type { CauseSpec } from '../core/check.ts';
import type { Fact, Finding, ObjectRef } from '../core/finding.ts';

// What every area's checks build findings with: a finding of a cause the check declared (checks
// speak only in the codes they list in `emits`), the ruled-out line, and the object reference.

/** The object a finding is about: `kind`, its namespace (default `default`) and name. */
export const refOf = (
  kind: string,
  o: { metadata: { name: string; namespace?: string | undefined } },
): ObjectRef => ({
  kind,
  namespace: o.metadata.namespace ?? 'default',
  name: o.metadata.name,
});

/** A finding of a declared cause. */
export function declaredFinding(
  spec: CauseSpec,
  draft: Omit<Finding, 'code' | 'cause' | 'facts'> & { facts?: Fact[] },
): Finding {
  const { fix, facts, ...rest } = draft;
  return { code: spec.code, cause: spec.cause, ...rest, facts: facts ?? [], ...(fix ? { fix } : {}) };
}

/** The ruled-out line of a check that found nothing. */
export function passFinding(spec: CauseSpec, subject: ObjectRef, message: string): Finding {
  return declaredFinding(spec, { severity: 'pass', subject, message });
}
