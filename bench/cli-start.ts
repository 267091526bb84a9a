// `npm run bench -- cli-start`: how fast the CLI starts, as whole processes (issue 9, "fast start").
// `help` and `listeners --file` on a small dump (goal: under 0.3 s and 80 MiB), and, when the
// cluster binaries are built (scripts/build-cluster), live `why-not-injected` against
// `istioctl x check-inject` on the same pod of a real kube-apiserver + istiod, side by side and
// interleaved in one run (goal: at most 1.5× istioctl's wall time). Medians of `runs`; one
// unmeasured warm-up each first (it fills Node's compile cache, as any earlier run would have).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median } from './measure-process.ts';

const bin = fileURLToPath(new URL('../bin/meshdoc.js', import.meta.url));
const smallDump = fileURLToPath(new URL('../test/fixtures/envoy/sidecar-small.json', import.meta.url));

export type StartFigures = { command: string; wallMs: number; peakRssMiB: number; exitCode: number };

/** One process under /usr/bin/time: wall time and peak RSS, whatever its exit code. */
function runOnce(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ wallMs: number; peakRssKiB: number; exitCode: number }> {
  const useTime = existsSync('/usr/bin/time');
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      useTime ? '/usr/bin/time' : cmd,
      useTime ? ['-f', 'maxrss=%M', cmd, ...args] : args,
      { env, maxBuffer: 1 << 26 },
      (error, _stdout, stderr) => {
        const wallMs = performance.now() - started;
        const rss = /maxrss=(\d+)/.exec(String(stderr))?.[1];
        const code = (error as { code?: unknown } | null)?.code;
        resolve({ wallMs, peakRssKiB: Number(rss ?? 0), exitCode: typeof code === 'number' ? code : 0 });
      },
    );
  });
}

type Case = { command: string; cmd: string; args: string[]; env: NodeJS.ProcessEnv };

/** Runs the cases interleaved (a, b, a, b, …) so a busy machine slows them alike; medians of each. */
async function measure(cases: readonly Case[], runs: number): Promise<StartFigures[]> {
  const samples = cases.map(() => [] as { wallMs: number; peakRssKiB: number; exitCode: number }[]);
  for (const c of cases) await runOnce(c.cmd, c.args, c.env);
  for (let i = 0; i < runs; i++) {
    for (const [k, c] of cases.entries()) samples[k]?.push(await runOnce(c.cmd, c.args, c.env));
  }
  return cases.map((c, k) => {
    const s = samples[k] ?? [];
    return {
      command: c.command,
      wallMs: Math.round(median(s.map((x) => x.wallMs))),
      peakRssMiB: Math.round(median(s.map((x) => x.peakRssKiB)) / 1024),
      exitCode: Math.max(...s.map((x) => x.exitCode)),
    };
  });
}

const meshdoc = (args: string[], env: NodeJS.ProcessEnv = process.env): Case => ({
  command: `meshdoc ${args.map((a) => (a === smallDump ? 'test/fixtures/envoy/sidecar-small.json' : a)).join(' ')}`,
  cmd: process.execPath,
  args: [bin, ...args],
  env: { ...env, NO_COLOR: '1' },
});

export async function offline(runs = 7): Promise<StartFigures[]> {
  // No kubeconfig: `help` and `--file` must not depend on one.
  const env = { ...process.env, KUBECONFIG: '/nonexistent' };
  return measure([meshdoc(['help'], env), meshdoc(['listeners', '--file', smallDump], env)], runs);
}

export type LiveFigures = { rows: StartFigures[]; ratio: number } | { skipped: string };

export async function live(runs = 7): Promise<LiveFigures> {
  let binDir: string;
  try {
    binDir = execFileSync(
      fileURLToPath(new URL('../scripts/build-cluster', import.meta.url)),
      ['--print-dir'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    ).trim();
  } catch {
    return { skipped: 'the cluster binaries are not built (scripts/build-cluster)' };
  }
  // The harness imports @kubernetes/client-node; loaded only for this part.
  const { startControlPlane } = await import('../test/integration/harness/control-plane.ts');
  const { clusterObjects } = await import('../test/integration/harness/cluster-objects.ts');
  const cp = await startControlPlane(binDir);
  try {
    const objects = clusterObjects(cp.admin);
    const [ns, pod] = ['bench-start', 'app-1'];
    await objects.ensureNamespace(ns, {});
    await objects.createPod(ns, pod);
    const env = { ...process.env, KUBECONFIG: cp.kubeconfigPath };
    const rows = await measure(
      [
        meshdoc(['why-not-injected', pod, '-n', ns], env),
        {
          command: `istioctl x check-inject -n ${ns} ${pod}`,
          cmd: cp.istioctl,
          args: ['x', 'check-inject', '-n', ns, pod, '--kubeconfig', cp.kubeconfigPath],
          env: { ...process.env, NO_COLOR: '1' },
        },
      ],
      runs,
    );
    const [ours, theirs] = rows;
    return { rows, ratio: Math.round(((ours?.wallMs ?? 0) / (theirs?.wallMs || 1)) * 100) / 100 };
  } finally {
    await cp.stop();
  }
}

export async function main(runs = 7): Promise<void> {
  console.table(await offline(runs));
  // 15 interleaved pairs at least: the ratio of two ~0.2 s processes on a shared 2-core machine
  // moves by ±0.1 between runs of 7.
  const figures = await live(Math.max(runs, 15));
  if ('skipped' in figures) console.log(`live: skipped, ${figures.skipped}`);
  else {
    console.table(figures.rows);
    console.log(`why-not-injected / check-inject wall time: ${figures.ratio}× (goal: at most 1.5×)`);
  }
}

if (import.meta.main) await main();
