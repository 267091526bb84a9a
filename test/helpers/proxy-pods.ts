import type { Obj } from './fake-kube-api.ts';

export type ProxyPodOptions = {
  namespace?: string;
  annotations?: Record<string, string>;
  /** false: no istio-proxy container (never injected). */
  sidecar?: boolean;
  /** Replaces the default Running status with every container running. */
  status?: object;
};

/** A pod as the API server returns it after injection: app + istio-proxy, Running. */
export function proxyPod(name: string, options: ProxyPodOptions = {}): Obj {
  const containers = [{ name: 'app', image: 'shop/web:1' }];
  if (options.sidecar !== false)
    containers.push({ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.28.2' });
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name, namespace: options.namespace ?? 'shop', annotations: options.annotations ?? {} },
    spec: { containers },
    status: options.status ?? {
      phase: 'Running',
      containerStatuses: containers.map((c) => ({ name: c.name, ready: true, state: { running: {} } })),
    },
  };
}
