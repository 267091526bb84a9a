import { catalogue } from '../../src/diagnostics/catalogue.ts';

/** The proxy part of the catalogue by cause id (the lookup the old proxy-checks.ts table gave). */
export const proxyChecks = Object.fromEntries(
  catalogue.filter((c) => c.code.startsWith('MESH05')).map((c) => [c.cause, c]),
);
