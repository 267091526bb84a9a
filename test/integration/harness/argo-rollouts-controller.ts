import { join } from 'node:path';
import { freePort } from './free-port.ts';
import { type RunningController, runController } from './run-controller.ts';

export type ArgoRolloutsController = RunningController;

/**
 * The real Argo Rollouts controller (`rollouts-controller`, built by scripts/build-cluster at the
 * pinned ARGO_ROLLOUTS_VERSION) run out of cluster against the test API server: every namespace,
 * no leader election, its metrics and healthz on free loopback ports, debug log to a file. It finds
 * Istio's CRDs (istiod's chart applied them) and so routes Rollouts with
 * `trafficRouting.istio` through VirtualServices and DestinationRules. No argo-rollouts-config
 * ConfigMap is needed: an AnalysisTemplate names its Prometheus address itself. A missing binary is
 * an error naming scripts/build-cluster, never a skip.
 */
export async function startArgoRollouts(options: {
  binDir: string;
  kubeconfig: string;
  logDir: string;
  /**
   * `--instance-id`: this controller handles only Rollouts labelled
   * `argo-rollouts.argoproj.io/controller-instance-id: <id>`, and one without an id only the
   * unlabelled ones, so a test can stop one controller without touching another's Rollouts.
   */
  instanceId?: string;
  /** The log's file name in logDir (default `rollouts-controller[-<instanceId>].log`). */
  logName?: string;
}): Promise<ArgoRolloutsController> {
  const [metricsPort, healthzPort] = await Promise.all([freePort(), freePort()]);
  return runController({
    name: 'rollouts-controller',
    binary: join(options.binDir, 'rollouts-controller'),
    builtFrom: "Argo Rollouts' controller (ARGO_ROLLOUTS_VERSION)",
    args: [
      '--kubeconfig',
      options.kubeconfig,
      '--namespaced=false',
      '--leader-elect=false',
      '--metricsport',
      String(metricsPort),
      '--healthzPort',
      String(healthzPort),
      '--loglevel',
      'debug',
      ...(options.instanceId ? ['--instance-id', options.instanceId] : []),
    ],
    logFile: join(
      options.logDir,
      options.logName ?? `rollouts-controller${options.instanceId ? `-${options.instanceId}` : ''}.log`,
    ),
    // The controller's own namespace (where it would look for argo-rollouts-config): none exists,
    // and then it runs with its defaults.
    env: { POD_NAMESPACE: 'argo-rollouts' },
    healthUrl: `http://127.0.0.1:${healthzPort}/healthz`,
    timeoutMs: 60_000,
  });
}
