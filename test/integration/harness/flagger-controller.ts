import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { type RunningController, runController } from './run-controller.ts';

export type FlaggerController = RunningController;

/**
 * The real Flagger (built by scripts/build-cluster at the pinned FLAGGER_VERSION) run out of
 * cluster against the test API server: Istio provider, every namespace, no leader election, the
 * given Prometheus as its metrics server, its HTTP server (/healthz, /metrics) on a free loopback
 * port and its debug log in `logDir`/flagger.log. Its CRDs are the control plane's
 * (controller-crds.ts). `controlLoopInterval` is how often it picks up new or changed Canaries
 * (Flagger's default 10s); each Canary's own `analysis.interval` (≥ 10s, Flagger's floor) paces
 * its steps. Resolves once /healthz answers; a missing binary is an error naming
 * scripts/build-cluster, never a skip; an exit or no health within `timeoutMs` fails with the log's
 * tail.
 */
export async function startFlagger(options: {
  binDir: string;
  kubeconfig: string;
  prometheusUrl: string;
  logDir: string;
  controlLoopInterval?: string;
  timeoutMs?: number;
}): Promise<FlaggerController> {
  const port = await freePort();
  return runController({
    name: 'flagger',
    binary: join(options.binDir, 'flagger'),
    builtFrom: 'Flagger (FLAGGER_VERSION)',
    args: [
      '-kubeconfig',
      options.kubeconfig,
      '-mesh-provider',
      'istio',
      '-metrics-server',
      options.prometheusUrl,
      '-log-level',
      'debug',
      '-zap-encoding',
      'console',
      '-port',
      String(port),
      '-control-loop-interval',
      options.controlLoopInterval ?? '10s',
      '-enable-leader-election=false',
    ],
    logFile: join(options.logDir, 'flagger.log'),
    healthUrl: `http://127.0.0.1:${port}/healthz`,
    timeoutMs: options.timeoutMs ?? 30_000,
  });
}
