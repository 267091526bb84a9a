import type { FlagSpecs } from '../core/flag-spec.ts';
import { proxyFlags } from './proxy-filters.ts';

// Each proxy command's filter flags, here rather than in commands/ so the report modules
// (src/proxy/reports/, loaded only when a command runs) and the command specs share one type.

export const listenersFlags = {
  port: proxyFlags.port,
  address: proxyFlags.address,
  type: proxyFlags.type,
  verbose: proxyFlags.verbose,
} as const satisfies FlagSpecs;

export const routesFlags = {
  name: proxyFlags.name,
  verbose: proxyFlags.verbose,
} as const satisfies FlagSpecs;

export const clustersFlags = {
  fqdn: proxyFlags.fqdn,
  port: proxyFlags.port,
  subset: proxyFlags.subset,
  direction: proxyFlags.direction,
} as const satisfies FlagSpecs;

export const secretsFlags = {} as const satisfies FlagSpecs;

export const endpointsFlags = {
  cluster: proxyFlags.cluster,
  address: { ...proxyFlags.address, value: 'IP:PORT' },
  port: proxyFlags.port,
  status: proxyFlags.status,
} as const satisfies FlagSpecs;

export const configDumpFlags = {} as const satisfies FlagSpecs;
