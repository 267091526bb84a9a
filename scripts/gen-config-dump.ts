// Generates a realistic synthetic Envoy sidecar config dump (what `config_dump?include_eds` returns)
// for a mesh of N services: outbound EDS clusters with mTLS, EDS endpoints (a few unhealthy),
// per-VIP TCP listeners, shared HTTP listeners with RDS, virtualInbound/Outbound, route configs with
// a virtual host per service, and real certificates. For benchmarks and tests.
//
//   node scripts/gen-config-dump.ts --size-mb 100 [--out dump.json] [--seed 1] [--no-eds]
//   node scripts/gen-config-dump.ts --services 500 --out small.json
import { closeSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { servicesForSize, writeSyntheticDump } from '../test/helpers/synthetic/write-synthetic-dump.ts';

export type GenerateOptions = {
  sizeMb?: number;
  services?: number;
  seed?: number;
  now?: Date;
  includeEds?: boolean;
};
export type Generated = { path: string; bytes: number; services: number };

/** Writes the dump to `path` in 4 MB writes; size by service count or by a target in MB (about ±5%). */
export function generateConfigDumpFile(path: string, options: GenerateOptions): Generated {
  const base = {
    seed: options.seed ?? 1,
    now: options.now ?? new Date(),
    includeEds: options.includeEds ?? true,
  };
  const services = options.services ?? servicesForSize((options.sizeMb ?? 10) * 1024 * 1024, base);
  const fd = openSync(path, 'w');
  let pending: string[] = [];
  let pendingSize = 0;
  let bytes = 0;
  const flush = () => {
    const chunk = pending.join('');
    writeSync(fd, chunk);
    bytes += Buffer.byteLength(chunk);
    pending = [];
    pendingSize = 0;
  };
  try {
    writeSyntheticDump(
      (chunk) => {
        pending.push(chunk);
        pendingSize += chunk.length;
        if (pendingSize > 4 * 1024 * 1024) flush();
      },
      { ...base, services },
    );
    flush();
  } finally {
    closeSync(fd);
  }
  return { path, bytes, services };
}

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      'size-mb': { type: 'string' },
      services: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string', short: 'o' },
      'no-eds': { type: 'boolean' },
    },
  });
  const number = (v: string | undefined, name: string): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  const sizeMb = number(values['size-mb'], 'size-mb');
  if (sizeMb !== undefined && (sizeMb < 10 || sizeMb > 200))
    console.error(`note: --size-mb ${sizeMb} is outside the 10–200 MB this generator is tuned for`);
  const out =
    values.out ??
    `config-dump-${sizeMb ?? values.services ?? 10}${sizeMb !== undefined || !values.services ? 'mb' : 'svc'}.json`;
  const started = performance.now();
  const result = generateConfigDumpFile(out, {
    sizeMb: sizeMb ?? (values.services ? undefined : 10),
    services: number(values.services, 'services'),
    seed: number(values.seed, 'seed'),
    includeEds: !values['no-eds'],
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${result.path}: ${(result.bytes / 1024 / 1024).toFixed(1)} MB, ${result.services} services, ${seconds} s`,
  );
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href)
  main(process.argv.slice(2));
