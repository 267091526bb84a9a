import type { CauseSpec } from '../../core/check.ts';
import type { Fact, Finding, ObjectRef } from '../../core/finding.ts';

/** The object a canary finding is about. */
export const refOf = (
  kind: string,
  o: { metadata: { name: string; namespace?: string | undefined } },
): ObjectRef => ({
  kind,
  namespace: o.metadata.namespace ?? 'default',
  name: o.metadata.name,
});

/**
 * A finding of a declared cause. The catalogue row (docs/findings.md) carries canary.md §8.6's id
 * (R01 … C10) next to the MESH04xx code.
 */
export function canaryFinding(
  spec: CauseSpec,
  draft: Omit<Finding, 'code' | 'cause' | 'facts'> & { facts?: Fact[] },
): Finding {
  const { fix, facts, ...rest } = draft;
  return { code: spec.code, cause: spec.cause, ...rest, facts: facts ?? [], ...(fix ? { fix } : {}) };
}

/** The ruled-out line of a check that found nothing. */
export function canaryPass(spec: CauseSpec, subject: ObjectRef, message: string): Finding {
  return canaryFinding(spec, { severity: 'pass', subject, message });
}

/** Percent with at most one decimal: 28.8%, 30%. */
export function pct(share: number): string {
  const v = Math.round(share * 1000) / 10;
  return `${v}%`;
}
