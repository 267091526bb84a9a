import type { EvidenceKind, Missing } from '../core/evidence.ts';
import type { EvidenceValues } from './evidence-schemas.ts';

/**
 * Everything a command gathered, before any check runs: a value per kind, or why it is missing.
 * A kind is in `values` or in `missing`, never both; `assumed` marks optional kinds taken as
 * "none" offline (the files did not hold them), which the report says.
 */
export type EvidenceBundle = {
  readonly values: Partial<EvidenceValues>;
  readonly missing: Partial<Record<EvidenceKind, Missing>>;
  readonly assumed: Partial<Record<EvidenceKind, string>>;
};
