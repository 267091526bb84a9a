// `npm run bench -- analyze`: meshdoc's whole `analyze --from` on the Bookinfo sample (a CLI
// process: start, istioctl, summary) against `istioctl analyze --use-kube=false -A` alone on the same
// files, interleaved; medians and the ratio (the summary's overhead must be small).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './measure-process.ts';

const bin = fileURLToPath(new URL('../bin/meshdoc.js', import.meta.url));
const bookinfo = fileURLToPath(new URL('../../shared/fixtures/istio/bookinfo/', import.meta.url));

const time = (cmd: string, args: string[], env: NodeJS.ProcessEnv) =>
  new Promise<number>((resolve) => {
    const started = performance.now();
    execFile(cmd, args, { env, maxBuffer: 1 << 26 }, () => resolve(performance.now() - started));
  });

export type AnalyzeFigures = { meshdocMs: number; istioctlMs: number; ratio: number } | { skipped: string };

export async function main(runs = 9): Promise<AnalyzeFigures> {
  if (!existsSync(bookinfo)) return { skipped: `${bookinfo} is absent (../shared beside the clone)` };
  const binDir = execFileSync(fileURLToPath(new URL('../scripts/build-cluster', import.meta.url)), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const istioctl = join(binDir, 'istioctl');
  const env = { ...process.env, MESHDOC_ISTIOCTL: istioctl, NO_COLOR: '1' };
  const ours = () => time(process.execPath, [bin, 'analyze', '--from', bookinfo], env);
  const theirs = () => time(istioctl, ['analyze', '--use-kube=false', '-A', bookinfo], env);
  await ours();
  await theirs();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(await ours());
    b.push(await theirs());
  }
  const [meshdocMs, istioctlMs] = [Math.round(median(a)), Math.round(median(b))];
  return { meshdocMs, istioctlMs, ratio: Math.round((meshdocMs / istioctlMs) * 100) / 100 };
}
