import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { meshManifests } from './mesh-manifests.ts';

// What why-not-injected reads, served the way kube-apiserver serves it: the mesh manifests plus
// the istiod injector ConfigMap, so a live run has no "could not check" notes.
const injectorConfigMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'istio-sidecar-injector', namespace: 'istio-system' },
  data: { config: 'policy: enabled\n', values: '{"global":{"hub":"docker.io/istio","tag":"1.27.0"}}' },
};
const objects = [...meshManifests, injectorConfigMap] as {
  kind: string;
  metadata: { name: string; namespace?: string };
}[];

export type SlowKubeApi = { url: string; requests: number; kubeConfig: KubeConfig; stop(): Promise<void> };

/**
 * A kube-apiserver stand-in that answers every GET after `delayMs`: the slow cluster the ack
 * must not wait for. Read paths only: pod, namespace, configmap, mutatingwebhookconfigurations.
 */
export async function startSlowKubeApi(delayMs: number): Promise<SlowKubeApi> {
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests += 1;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    setTimeout(() => {
      const body = answer(path);
      res.writeHead(body.code ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    kubeConfig: kubeConfigFor(url),
    get requests() {
      return state.requests;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A kubeconfig with one context, "bench-cluster", pointing at `url`. */
export function kubeConfigFor(url: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'bench', server: url, skipTLSVerify: true }],
    users: [{ name: 'bench', token: 'bench-token' }],
    contexts: [{ name: 'bench-cluster', cluster: 'bench', user: 'bench' }],
    currentContext: 'bench-cluster',
  });
  return kubeConfig;
}

function answer(path: string): Record<string, unknown> & { code?: number } {
  const find = (kind: string, name: string, namespace?: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace);
  const named = (kind: string, m: RegExpMatchArray | null, namespaced: boolean) =>
    m
      ? (find(kind, namespaced ? (m[2] ?? '') : (m[1] ?? ''), namespaced ? m[1] : undefined) ??
        notFound(kind))
      : undefined;
  if (path === '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations') {
    return {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfigurationList',
      metadata: {},
      items: objects.filter((o) => o.kind === 'MutatingWebhookConfiguration'),
    };
  }
  return (
    named('Pod', path.match(/^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/), true) ??
    named('ConfigMap', path.match(/^\/api\/v1\/namespaces\/([^/]+)\/configmaps\/([^/]+)$/), true) ??
    named('Namespace', path.match(/^\/api\/v1\/namespaces\/([^/]+)$/), false) ??
    notFound(path)
  );
}

function notFound(what: string): Record<string, unknown> & { code: number } {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message: `${what} not found`,
    reason: 'NotFound',
    code: 404,
  };
}
