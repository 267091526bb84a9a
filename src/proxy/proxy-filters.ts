import * as z from 'zod/mini';
import '../schemas/zod-messages.ts';
import type { FlagSpecs } from '../core/flag-spec.ts';
// The names alone, not common-schema.ts: these flags are read at every start, the Envoy schemas only by a proxy command.
import { healthStatusNames } from '../schemas/envoy/health-status-names.ts';

const listenerTypes = ['HTTP', 'TCP', 'HTTP+TCP', 'UNKNOWN'];
const text = z.string().check(z.trim(), z.minLength(1), z.maxLength(253));

/**
 * The filter flags of `istioctl proxy-config`, spelled and validated as istioctl does, for the
 * proxy commands to pick from: each command lists the ones it takes in its own `flags`, and may
 * declare others of its own next to them.
 */
export const proxyFlags = {
  port: {
    type: 'string',
    value: 'N',
    description: 'Only this port',
    schema: z
      .pipe(z.string().check(z.regex(/^\d{1,5}$/, 'must be a port number')), z.transform(Number))
      .check(z.refine((p) => p >= 1 && p <= 65535, 'must be between 1 and 65535')),
  },
  address: { type: 'string', value: 'IP', description: 'Only this address', schema: text },
  type: {
    type: 'string',
    value: 'HTTP|TCP|HTTP+TCP|UNKNOWN',
    description: 'Only listeners of this protocol',
    schema: text.check(
      z.refine((t) => listenerTypes.includes(t.toUpperCase()), `must be one of ${listenerTypes.join(', ')}`),
    ),
  },
  name: { type: 'string', value: 'ROUTE_CONFIG', description: 'Only this route configuration', schema: text },
  fqdn: {
    type: 'string',
    value: 'TEXT',
    description: 'Only clusters whose name contains this',
    schema: text,
  },
  subset: { type: 'string', value: 'TEXT', description: 'Only this DestinationRule subset', schema: text },
  direction: { type: 'string', value: 'inbound|outbound', description: 'Only this direction', schema: text },
  status: {
    type: 'string',
    value: 'HEALTHY|UNHEALTHY|DRAINING|…',
    description: 'Only endpoints with this health status',
    schema: text.check(
      z.refine(
        (s) => healthStatusNames.includes(s.toUpperCase() as never),
        `must be one of ${healthStatusNames.join(', ')}`,
      ),
    ),
  },
  cluster: { type: 'string', value: 'NAME', description: 'Only endpoints of this cluster', schema: text },
  verbose: {
    type: 'boolean',
    default: true,
    description:
      'One row per filter chain or route, as istioctl prints by default (--no-verbose: one per resource)',
  },
} as const satisfies FlagSpecs;

/** "--port 80 --type HTTP", for headlines: the filters that were given (not the --verbose switch). */
export function describeFilters(filters: Readonly<Record<string, unknown>>): string {
  return Object.entries(filters)
    .filter(([k, v]) => v !== undefined && k !== 'verbose')
    .map(([k, v]) => `--${k} ${v}`)
    .join(' ');
}
