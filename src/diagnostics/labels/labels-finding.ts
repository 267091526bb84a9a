import { declaredFinding, passFinding } from '../declared-finding.ts';

export { refOf } from '../declared-finding.ts';

/** A finding of a declared cause (checks speak only in the codes they list in `emits`). */
export const labelsFinding = declaredFinding;
/** The ruled-out line of a check that found nothing. */
export const labelsPass = passFinding;

/** Ready: the pod's Ready condition, or (without conditions, saved files) Running. */
export function isReady(pod: {
  status?: { phase?: string | undefined; conditions?: unknown } | null | undefined;
}): boolean {
  const conditions = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)
    ?.conditions;
  const ready = conditions?.find((c) => c.type === 'Ready');
  return ready ? ready.status === 'True' : pod.status?.phase === 'Running';
}
