import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { queryPrometheus } from '../../../src/gatherers/prometheus/query-prometheus.ts';
import type { PrometheusVector } from '../../../src/schemas/prometheus.ts';
import { type Child, startChild, stopChild, waitFor } from './child-processes.ts';
import { freePort } from './free-port.ts';
import { type MeshTraffic, startMeshTraffic } from './mesh-traffic.ts';

const installScript = fileURLToPath(new URL('../../../scripts/install-prometheus', import.meta.url));

/** Runs scripts/install-prometheus (a no-op when its cache is warm) and returns the binary's path. */
export async function installPrometheus(): Promise<string> {
  const run = await execa(installScript, [], { reject: false, stderr: ['pipe', 'inherit'] });
  const binary = String(run.stdout).trim().split('\n').pop() ?? '';
  if (run.exitCode !== 0 || !binary) {
    throw new Error(
      `scripts/install-prometheus failed (exit ${run.exitCode}); the integration suite cannot run:\n${String(run.stderr).split('\n').slice(-20).join('\n')}`,
    );
  }
  return binary;
}

export type RunningPrometheus = { url: string; child: Child; stop(): Promise<void> };

/**
 * Prometheus on a free loopback port with its storage in `dir`, scraping `targets` (host:port)
 * every second (evaluation every second too); resolves once /-/ready answers.
 */
export async function startPrometheus(
  binary: string,
  targets: string[],
  dir: string,
): Promise<RunningPrometheus> {
  const port = await freePort();
  const config = join(dir, 'prometheus.yml');
  await writeFile(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: mesh-traffic',
      '    static_configs:',
      `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
      '',
    ].join('\n'),
  );
  await mkdir(join(dir, 'data'), { recursive: true });
  const child = startChild(
    'prometheus',
    binary,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      '--storage.tsdb.retention.time=2h',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { logFile: join(dir, 'prometheus.log'), cwd: dir },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor('Prometheus /-/ready', async () => (await fetch(`${url}/-/ready`)).ok, child, 60_000);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { url, child, stop: () => stopChild(child) };
}

export type MetricsStack = {
  prometheusUrl: string;
  meshTrafficUrl: string;
  dir: string;
  meshTraffic: MeshTraffic;
  prometheus: RunningPrometheus;
  stop(): Promise<void>;
};

/**
 * The mesh-traffic stand-in and a real Prometheus scraping it, up and with a first scrape done
 * (`up{job="mesh-traffic"} == 1`). stop() ends both and removes the temporary storage.
 */
export async function startMetricsStack(): Promise<MetricsStack> {
  const binary = await installPrometheus();
  const dir = await mkdtemp(join(tmpdir(), 'meshdoc-prom-'));
  let meshTraffic: MeshTraffic | undefined;
  let prometheus: RunningPrometheus | undefined;
  const stop = async () => {
    await prometheus?.stop();
    await meshTraffic?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    meshTraffic = await startMeshTraffic(dir);
    prometheus = await startPrometheus(binary, [meshTraffic.hostPort], dir);
    const url = prometheus.url;
    await waitFor(
      'the first scrape of mesh-traffic',
      async () => (await instantVector(url, 'up{job="mesh-traffic"} == 1')).length === 1,
      prometheus.child,
      30_000,
    );
    return { prometheusUrl: url, meshTrafficUrl: meshTraffic.url, dir, meshTraffic, prometheus, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export type VectorSample = PrometheusVector['result'][number];

/** An instant query's vector now (throws on any failure or another result type). */
export async function instantVector(prometheusUrl: string, promql: string): Promise<VectorSample[]> {
  const outcome = await queryPrometheus(
    { url: prometheusUrl },
    { kind: 'instant', promql },
    { timeoutMs: 5000 },
  );
  if (!outcome.ok) throw new Error(`${promql}: ${outcome.message}`);
  if (outcome.result.resultType !== 'vector')
    throw new Error(`${promql}: a ${outcome.result.resultType}, not a vector`);
  return outcome.result.result;
}

/**
 * Polls `promql` (instant, every 500 ms) until `predicate` accepts its vector, and returns that
 * vector; fails after `timeoutMs` with the last answer. A `rate(…[30s])` needs two scrapes in its
 * window, so a test waits with this after registering a scenario rather than sleeping.
 */
export async function waitForSeries(
  prometheusUrl: string,
  promql: string,
  predicate: (samples: VectorSample[]) => boolean,
  timeoutMs: number,
): Promise<VectorSample[]> {
  const deadline = Date.now() + timeoutMs;
  let last: VectorSample[] | string = 'no answer yet';
  for (;;) {
    try {
      const samples = await instantVector(prometheusUrl, promql);
      if (predicate(samples)) return samples;
      last = samples;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${promql}; last answer: ${typeof last === 'string' ? last : JSON.stringify(last)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
