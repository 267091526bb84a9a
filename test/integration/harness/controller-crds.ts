import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiextensionsV1Api, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { applyManifests } from './apply-manifests.ts';

// The real CRDs of the progressive-delivery controllers meshdoc reads (Flagger's Canary, Argo
// Rollouts' Rollout and AnalysisRun), read from the Go module cache at the versions pinned in
// scripts/build-cluster (FLAGGER_VERSION, ARGO_ROLLOUTS_VERSION), which downloads them. Never
// copied into the repository; absent modules are an error, never a skip.

const buildScript = fileURLToPath(new URL('../../../scripts/build-cluster', import.meta.url));

export const flaggerModule = 'github.com/fluxcd/flagger';
export const argoRolloutsModule = 'github.com/argoproj/argo-rollouts';

export type ControllerCrdFiles = {
  flagger: string[];
  argo: string[];
  versions: { flagger: string; argo: string };
};

/** The pinned versions, read from scripts/build-cluster (their one place). */
export async function controllerVersions(): Promise<{ flagger: string; argo: string }> {
  const text = await readFile(buildScript, 'utf8');
  const pin = (name: string) => {
    const m = new RegExp(`^${name}=(v[0-9][^\\s#]*)`, 'm').exec(text);
    if (!m?.[1]) throw new Error(`${buildScript} pins no ${name}=v… (expected near its top)`);
    return m[1];
  };
  return { flagger: pin('FLAGGER_VERSION'), argo: pin('ARGO_ROLLOUTS_VERSION') };
}

/** The module's directory in the Go module cache, without touching the network (GOPROXY=off). */
async function moduleDir(module: string, version: string): Promise<string> {
  const run = await execa('go', ['mod', 'download', '-json', `${module}@${version}`], {
    cwd: '/',
    reject: false,
    env: { GOPROXY: 'off', GOFLAGS: '', GOWORK: 'off', GOTOOLCHAIN: 'local' },
  }).catch((error: unknown) => ({ exitCode: -1, stdout: '', stderr: String(error) }));
  let info: { Dir?: string; Error?: string } = {};
  try {
    info = JSON.parse(String(run.stdout)) as typeof info;
  } catch {
    // no JSON: go itself is missing or failed; the message below says so
  }
  if (run.exitCode !== 0 || !info.Dir) {
    throw new Error(
      `${module}@${version} is not in the Go module cache (${info.Error ?? (String(run.stderr).trim() || `go exited ${run.exitCode}`)}). ` +
        'Run scripts/build-cluster, which downloads it (the integration suite runs it first).',
    );
  }
  return info.Dir;
}

/** Flagger's artifacts/flagger/crd.yaml and Argo Rollouts' manifests/crds/*-crd.yaml, as absolute paths. */
export async function controllerCrdFiles(): Promise<ControllerCrdFiles> {
  const versions = await controllerVersions();
  const [flaggerDir, argoDir] = await Promise.all([
    moduleDir(flaggerModule, versions.flagger),
    moduleDir(argoRolloutsModule, versions.argo),
  ]);
  const argoCrds = join(argoDir, 'manifests', 'crds');
  const argo = (await readdir(argoCrds))
    .filter((f) => f.endsWith('-crd.yaml'))
    .sort()
    .map((f) => join(argoCrds, f));
  if (
    !argo.some((f) => f.endsWith('/rollout-crd.yaml')) ||
    !argo.some((f) => f.endsWith('/analysis-run-crd.yaml'))
  )
    throw new Error(`${argoCrds} lacks rollout-crd.yaml or analysis-run-crd.yaml: ${argo.join(', ')}`);
  return { flagger: [join(flaggerDir, 'artifacts', 'flagger', 'crd.yaml')], argo, versions };
}

/**
 * Applies Flagger's and Argo Rollouts' CRDs (server-side apply) and waits until every one is
 * Established. Returns the CRD names and how long it took.
 */
export async function applyControllerCrds(admin: KubeConfig): Promise<{ crds: string[]; ms: number }> {
  const started = Date.now();
  const files = await controllerCrdFiles();
  const texts = await Promise.all([...files.flagger, ...files.argo].map((f) => readFile(f, 'utf8')));
  // Parsed with `yaml`, not js-yaml (applyManifests' loader): Flagger's crd.yaml has multi-line
  // quoted descriptions indented less than js-yaml accepts (Go's YAML reader, kubectl's, takes them).
  const objects = texts
    .flatMap((t) => parseAllDocuments(t).map((d) => d.toJS() as KubernetesObject | null))
    .filter((o): o is KubernetesObject => o?.kind === 'CustomResourceDefinition');
  const crds = objects.map((o) => o.metadata?.name ?? '');
  await Promise.all(objects.map((o) => applyManifests(admin, JSON.stringify(o))));
  const crdApi = admin.makeApiClient(ApiextensionsV1Api);
  const pending = new Set(crds);
  for (let i = 0; pending.size > 0; i++) {
    if (i >= 300) throw new Error(`CRDs not Established after 30 s: ${[...pending].join(', ')}`);
    const list = await crdApi.listCustomResourceDefinition();
    for (const crd of list.items) {
      const name = crd.metadata?.name ?? '';
      if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
        pending.delete(name);
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 100));
  }
  return { crds, ms: Date.now() - started };
}
