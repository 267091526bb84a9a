import { z } from 'zod';
import type { CommonOptions } from '../core/command.ts';
import { UsageError } from '../errors.ts';
import { healthStatusNames } from './common-schema.ts';

/**
 * Filter options of the proxy commands, as the CLI/Slack parser hands them over (strings; `verbose`
 * a boolean). run-invocation does not know them yet; until it does they are read off the options
 * object by name, and the commands stay typed through ProxyFilters.
 */
export type FilterOptionValues = {
  port: string | undefined;
  address: string | undefined;
  type: string | undefined;
  name: string | undefined;
  fqdn: string | undefined;
  subset: string | undefined;
  direction: string | undefined;
  status: string | undefined;
  cluster: string | undefined;
  verbose: boolean | undefined;
};
export type FilterName = keyof FilterOptionValues;

const listenerTypes = ['HTTP', 'TCP', 'HTTP+TCP', 'UNKNOWN'];
const text = z.string().trim().min(1).max(253);

const FiltersSchema = z.object({
  port: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number')
    .transform(Number)
    .refine((p) => p >= 1 && p <= 65535, 'must be between 1 and 65535')
    .optional(),
  address: text.optional(),
  type: text
    .refine((t) => listenerTypes.includes(t.toUpperCase()), `must be one of ${listenerTypes.join(', ')}`)
    .optional(),
  name: text.optional(),
  fqdn: text.optional(),
  subset: text.optional(),
  direction: text.optional(),
  status: text
    .refine(
      (s) => healthStatusNames.includes(s.toUpperCase() as never),
      `must be one of ${healthStatusNames.join(', ')}`,
    )
    .optional(),
  cluster: text.optional(),
  verbose: z.boolean().optional(),
});

/** Validated filters; `verbose` defaults to true, as in istioctl. */
export type ProxyFilters = Omit<z.infer<typeof FiltersSchema>, 'verbose'> & { verbose: boolean };

/** Reads and validates the filters a command accepts; any other filter given is a usage error. */
export function readProxyFilters(
  options: CommonOptions,
  allowed: readonly FilterName[],
  usage: string,
): ProxyFilters {
  const values = options as CommonOptions & Partial<FilterOptionValues>;
  const raw: Partial<FilterOptionValues> = {};
  for (const key of Object.keys(FiltersSchema.shape) as FilterName[]) {
    const value = values[key];
    if (value === undefined) continue;
    if (!allowed.includes(key)) throw new UsageError(`This command does not take --${key}.`, usage);
    (raw as Record<string, unknown>)[key] = value;
  }
  const parsed = FiltersSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--${String(issue?.path[0] ?? 'option')} ${issue?.message ?? 'is invalid'}.`, usage);
  }
  return { ...parsed.data, verbose: parsed.data.verbose ?? true };
}

/** "--port 80 --type HTTP", for headlines. */
export function describeFilters(filters: ProxyFilters): string {
  return Object.entries(filters)
    .filter(([k, v]) => v !== undefined && k !== 'verbose')
    .map(([k, v]) => `--${k} ${v}`)
    .join(' ');
}
