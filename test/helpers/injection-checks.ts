import { injectionChecks as registered } from '../../src/diagnostics/injection/injection-checks.ts';

/** Causes the injection checks declare, by cause id (the lookup the old injection-checks.ts table gave). */
export const injectionChecks = Object.fromEntries(
  registered.flatMap((c) => c.emits).map((c) => [c.cause, c]),
);
