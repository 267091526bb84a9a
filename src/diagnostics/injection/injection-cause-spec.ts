import type { CauseSpec } from '../../core/check.ts';
import { injectionChecks } from './injection-checks.ts';

const byCause = new Map(injectionChecks.flatMap((c) => c.emits).map((spec) => [spec.cause, spec]));

/**
 * The catalogue entry of an injection cause (its code and title), from the injection checks alone:
 * why-not-injected need not load every area's checks to name its own causes.
 */
export function injectionCauseSpec(cause: string): CauseSpec | undefined {
  return byCause.get(cause);
}
