import { findingProducers } from '../../src/diagnostics/index.ts';

/** Causes the proxy finding producers declare, by cause id (the old proxy-checks.ts table). */
export const proxyChecks = Object.fromEntries(
  findingProducers.flatMap((p) => p.emits).map((c) => [c.cause, c]),
);
