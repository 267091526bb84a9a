import { declaredFinding, passFinding } from '../declared-finding.ts';

export { refOf } from '../declared-finding.ts';

/**
 * A finding of a declared cause. The catalogue row (docs/findings.md) carries canary.md §8.6's id
 * (R01 … C10) next to the MESH04xx code.
 */
export const canaryFinding = declaredFinding;
/** The ruled-out line of a check that found nothing. */
export const canaryPass = passFinding;

/** Percent with at most one decimal: 28.8%, 30%. */
export function pct(share: number): string {
  const v = Math.round(share * 1000) / 10;
  return `${v}%`;
}
