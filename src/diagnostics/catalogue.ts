import type { CauseSpec } from '../core/check.ts';
import { compareText } from '../core/compare-text.ts';
import { checks, findingProducers } from './index.ts';

/**
 * The finding catalogue (docs/findings.md): every cause a registered check or finding producer
 * declares, sorted by code. A cause shared by two checks is one CauseSpec object imported by both, so it appears once.
 */
export const catalogue: readonly CauseSpec[] = [
  ...new Set([...checks, ...findingProducers].flatMap((c) => c.emits)),
].sort((a, b) => compareText(a.code, b.code));

const byCause = new Map(catalogue.map((spec) => [spec.cause, spec]));

/** The catalogue entry of a cause id, e.g. for a verdict's `causeCode`. */
export function causeSpec(cause: string): CauseSpec | undefined {
  return byCause.get(cause);
}
