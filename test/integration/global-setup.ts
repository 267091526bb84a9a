import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { TestProject } from 'vitest/node';
import { startControlPlane } from './harness/control-plane.ts';
import { startMetricsStack } from './harness/prometheus.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfig: string;
    binDir: string;
    caCrt: string;
    apiserverUrl: string;
    servingCrt: string;
    servingKey: string;
    istiodXds: string;
    /** A real Prometheus (scripts/install-prometheus) scraping the mesh-traffic stand-in every second. */
    prometheusUrl: string;
    /** The mesh-traffic stand-in's control API (test/integration/harness/mesh-traffic.ts). */
    meshTrafficUrl: string;
  }
}

const buildScript = fileURLToPath(new URL('../../scripts/build-cluster', import.meta.url));

/**
 * One real control plane for the whole integration run, and one real Prometheus scraping the
 * mesh-traffic stand-in (Istio's metrics for the scenarios each test registers). The binaries come
 * from scripts/build-cluster and scripts/install-prometheus (no-ops when their caches are warm); if
 * either or any process fails, the suite fails with the reason — nothing is skipped.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Progress streams to the terminal (a cold build takes ~9 minutes); the tail is kept for the error.
  const build = await execa(buildScript, [], { reject: false, stderr: ['pipe', 'inherit'] });
  if (build.exitCode !== 0) {
    throw new Error(
      `scripts/build-cluster failed (exit ${build.exitCode}); the integration suite cannot run:\n${String(build.stderr).split('\n').slice(-30).join('\n')}`,
    );
  }
  const binDir = String(build.stdout).trim().split('\n').pop() ?? '';
  const started = Date.now();
  // The control plane, and beside it Prometheus scraping the mesh-traffic stand-in (installed by
  // scripts/install-prometheus, a no-op when its cache is warm). Either failing fails the suite.
  const [cpStart, metricsStart] = await Promise.allSettled([
    startControlPlane(binDir).then((cp) => {
      process.stderr.write(`[integration] control plane up in ${Date.now() - started} ms (${cp.dir})\n`);
      return cp;
    }),
    startMetricsStack().then((metrics) => {
      process.stderr.write(
        `[integration] Prometheus ${metrics.prometheusUrl} scraping mesh-traffic ${metrics.meshTrafficUrl} up in ${Date.now() - started} ms\n`,
      );
      return metrics;
    }),
  ]);
  if (cpStart.status === 'rejected' || metricsStart.status === 'rejected') {
    if (cpStart.status === 'fulfilled') await cpStart.value.stop();
    if (metricsStart.status === 'fulfilled') await metricsStart.value.stop();
    throw cpStart.status === 'rejected' ? cpStart.reason : (metricsStart as PromiseRejectedResult).reason;
  }
  const cp = cpStart.value;
  const metrics = metricsStart.value;
  project.provide('kubeconfig', cp.kubeconfigPath);
  project.provide('binDir', binDir);
  project.provide('caCrt', cp.caCrt);
  project.provide('apiserverUrl', cp.apiserverUrl);
  project.provide('servingCrt', cp.servingCrt);
  project.provide('servingKey', cp.servingKey);
  if (!cp.istiodXds) {
    await Promise.all([cp.stop(), metrics.stop()]);
    throw new Error('the control plane started without istiod');
  }
  project.provide('istiodXds', cp.istiodXds);
  project.provide('prometheusUrl', metrics.prometheusUrl);
  project.provide('meshTrafficUrl', metrics.meshTrafficUrl);
  return async () => {
    await Promise.all([cp.stop(), metrics.stop()]);
  };
}
