// Benchmark: a synthetic 100 MB sidecar config dump, then (each in a fresh child process, so peak RSS
// is honest) the listeners table, the config-dump summary and the whole config-dump command (summary
// plus redacted attachment), and `istioctl proxy-config listeners --file` on the same file when an
// istioctl is available (ISTIOCTL, or ~/.cache/meshdoc/cluster-bin/*/istioctl).
//
//   node bench/config-dump.ts [--size-mb 100] [--runs 3] [--keep]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateConfigDumpFile } from '../scripts/gen-config-dump.ts';
import { findIstioctl, writeOfflineKubeconfig } from '../test/helpers/synthetic/istioctl-binary.ts';
import { median, timed } from './measure-process.ts';
import { type DumpOperation, runDumpOperation } from './run-dump-operation.ts';

export type Measure = { ms: number; wallMs: number; peakRssBytes: number };
export type BenchFigures = {
  dumpBytes: number;
  services: number;
  generateMs: number;
  runs: number;
  listeners: Measure & { rows: number };
  summary: Measure;
  configDumpCommand: Measure;
  istioctl: (Measure & { path: string }) | null;
  /** istioctl wall time / meshdoc listeners wall time (both whole processes); > 1 means meshdoc is faster. */
  ratio: number | null;
};

const self = fileURLToPath(import.meta.url);

/** The child side: one operation, then {ms, rows, peakRssBytes} as JSON on stdout. */
async function child(op: DumpOperation, file: string): Promise<void> {
  const started = performance.now();
  const rows = await runDumpOperation(op, file);
  const ms = performance.now() - started;
  process.stdout.write(
    `${JSON.stringify({ ms, rows, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
  );
}

async function measureNode(
  op: DumpOperation,
  file: string,
  runs: number,
): Promise<Measure & { rows: number }> {
  const samples: (Measure & { rows: number })[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await timed(process.execPath, [self, '--child', op, file], process.env);
    const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as {
      ms: number;
      rows: number;
      peakRssBytes: number;
    };
    samples.push({
      ms: out.ms,
      rows: out.rows,
      wallMs: r.wallMs,
      peakRssBytes: Math.max(out.peakRssBytes, r.peakRssBytes),
    });
  }
  return {
    ms: median(samples.map((s) => s.ms)),
    wallMs: median(samples.map((s) => s.wallMs)),
    peakRssBytes: Math.max(...samples.map((s) => s.peakRssBytes)),
    rows: samples[0]?.rows ?? 0,
  };
}

async function measureIstioctl(
  path: string,
  file: string,
  dir: string,
  runs: number,
): Promise<Measure & { path: string }> {
  const kubeconfig = writeOfflineKubeconfig(dir);
  const samples: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await timed(path, ['proxy-config', 'listeners', '--file', file], {
      ...process.env,
      KUBECONFIG: kubeconfig,
    });
    samples.push({ ms: r.wallMs, wallMs: r.wallMs, peakRssBytes: r.peakRssBytes });
  }
  return {
    path,
    ms: median(samples.map((s) => s.ms)),
    wallMs: median(samples.map((s) => s.wallMs)),
    peakRssBytes: Math.max(...samples.map((s) => s.peakRssBytes)),
  };
}

/** Generates the dump, measures, prints the figures and returns them. */
export async function main(
  options: { sizeMb?: number; runs?: number; keep?: boolean } = {},
): Promise<BenchFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'meshdoc-bench-'));
  const file = join(dir, 'config_dump.json');
  const runs = options.runs ?? 3;
  try {
    const started = performance.now();
    const generated = generateConfigDumpFile(file, { sizeMb: options.sizeMb ?? 100, seed: 1 });
    const generateMs = performance.now() - started;
    const listeners = await measureNode('listeners', file, runs);
    const summary = await measureNode('summary', file, runs);
    const configDumpCommand = await measureNode('config-dump', file, runs);
    const istioctlPath = findIstioctl();
    const istioctl = istioctlPath ? await measureIstioctl(istioctlPath, file, dir, runs) : null;
    const figures: BenchFigures = {
      dumpBytes: generated.bytes,
      services: generated.services,
      generateMs,
      runs,
      listeners,
      summary,
      configDumpCommand,
      istioctl,
      ratio: istioctl ? istioctl.wallMs / listeners.wallMs : null,
    };
    print(figures);
    return figures;
  } finally {
    if (options.keep) console.log(`dump kept: ${file}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

function print(f: BenchFigures): void {
  const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
  const x = (b: number) => `${(b / f.dumpBytes).toFixed(2)}×`;
  const line = (name: string, m: Measure, extra = '') =>
    console.log(
      `${name.padEnd(44)} ${`${m.ms.toFixed(0)} ms`.padStart(8)} ${`${m.wallMs.toFixed(0)} ms`.padStart(9)} ${mb(m.peakRssBytes).padStart(8)} ${x(m.peakRssBytes).padStart(6)}${extra}`,
    );
  console.log(
    `config dump: ${mb(f.dumpBytes)} (${f.services} services), generated in ${(f.generateMs / 1000).toFixed(1)} s; ${cpus().length} CPUs, Node ${process.version}, median of ${f.runs}`,
  );
  console.log(
    `${'operation'.padEnd(44)} ${'time'.padStart(8)} ${'process'.padStart(9)} ${'peak RSS'.padStart(8)} ${'/dump'.padStart(6)}`,
  );
  line('meshdoc listeners table', f.listeners, `  (${f.listeners.rows} rows)`);
  line('meshdoc config-dump summary', f.summary);
  line('meshdoc config-dump command (+ redacted dump)', f.configDumpCommand);
  if (f.istioctl) line('istioctl proxy-config listeners --file', f.istioctl);
  else console.log('istioctl: not found (set ISTIOCTL or run scripts/build-cluster) — no comparison');
  if (f.ratio)
    console.log(
      `istioctl / meshdoc (listeners, whole process): ${f.ratio.toFixed(1)}× — meshdoc is ${f.ratio >= 1 ? 'faster' : 'SLOWER'}`,
    );
}

if (process.argv[1] === self) {
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      'size-mb': { type: 'string' },
      runs: { type: 'string' },
      keep: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
    args: process.argv.slice(2),
  });
  const positionals = process.argv
    .slice(2)
    .filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.match(/^--(child|size-mb|runs)$/));
  if (values.child) await child(values.child as DumpOperation, positionals[0] ?? '');
  else
    await main({
      sizeMb: values['size-mb'] ? Number(values['size-mb']) : undefined,
      runs: values.runs ? Number(values.runs) : undefined,
      keep: values.keep,
    });
}
