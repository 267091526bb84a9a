import { checksForArea } from '../../src/diagnostics/checks-for-area.ts';

/** Causes the injection checks declare, by cause id (the lookup the old injection-checks.ts table gave). */
export const injectionChecks = Object.fromEntries(
  checksForArea('injection')
    .flatMap((c) => c.emits)
    .map((c) => [c.cause, c]),
);
