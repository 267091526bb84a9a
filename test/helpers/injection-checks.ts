import { catalogue } from '../../src/diagnostics/catalogue.ts';

/** The injection part of the catalogue by cause id (the lookup the old injection-checks.ts table gave). */
export const injectionChecks = Object.fromEntries(
  catalogue.filter((c) => c.code.startsWith('MESH01')).map((c) => [c.cause, c]),
);
