import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { TestProject } from 'vitest/node';
import { startControlPlane } from './harness/control-plane.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfig: string;
    binDir: string;
    caCrt: string;
    apiserverUrl: string;
    servingCrt: string;
    servingKey: string;
    istiodXds: string;
  }
}

const buildScript = fileURLToPath(new URL('../../scripts/build-cluster', import.meta.url));

/**
 * One real control plane for the whole integration run. The binaries come from
 * scripts/build-cluster (a no-op when its cache is warm); if it or any process fails, the suite
 * fails with the reason — nothing is skipped.
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
  const cp = await startControlPlane(binDir);
  process.stderr.write(`[integration] control plane up in ${Date.now() - started} ms (${cp.dir})\n`);
  project.provide('kubeconfig', cp.kubeconfigPath);
  project.provide('binDir', binDir);
  project.provide('caCrt', cp.caCrt);
  project.provide('apiserverUrl', cp.apiserverUrl);
  project.provide('servingCrt', cp.servingCrt);
  project.provide('servingKey', cp.servingKey);
  if (!cp.istiodXds) throw new Error('the control plane started without istiod');
  project.provide('istiodXds', cp.istiodXds);
  return () => cp.stop();
}
