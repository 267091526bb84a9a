import type { CauseSpec } from '../../core/check.ts';
import type { Fact, Finding, ObjectRef } from '../../core/finding.ts';

export const refOf = (
  kind: string,
  o: { metadata: { name: string; namespace?: string | undefined } },
): ObjectRef => ({
  kind,
  namespace: o.metadata.namespace ?? 'default',
  name: o.metadata.name,
});

/** A finding of a declared cause (checks speak only in the codes they list in `emits`). */
export function labelsFinding(
  spec: CauseSpec,
  draft: Omit<Finding, 'code' | 'cause' | 'facts'> & { facts?: Fact[] },
): Finding {
  const { fix, facts, ...rest } = draft;
  return { code: spec.code, cause: spec.cause, ...rest, facts: facts ?? [], ...(fix ? { fix } : {}) };
}

/** The ruled-out line of a check that found nothing. */
export function labelsPass(spec: CauseSpec, subject: ObjectRef, message: string): Finding {
  return labelsFinding(spec, { severity: 'pass', subject, message });
}

/** Ready: the pod's Ready condition, or (without conditions, saved files) Running. */
export function isReady(pod: {
  status?: { phase?: string | undefined; conditions?: unknown } | null | undefined;
}): boolean {
  const conditions = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)
    ?.conditions;
  const ready = conditions?.find((c) => c.type === 'Ready');
  return ready ? ready.status === 'True' : pod.status?.phase === 'Running';
}
