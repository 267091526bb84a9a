import {
  AdmissionregistrationV1Api,
  CoreV1Api,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Pod,
} from '@kubernetes/client-node';

export type PodSpec = {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  hostNetwork?: boolean;
  /** Schedules the pod directly (there is no scheduler), e.g. onto a kwok node. */
  nodeName?: string;
};

/** Helpers that create the objects a test case needs, through the real API server. */
export function clusterObjects(admin: KubeConfig) {
  const core = admin.makeApiClient(CoreV1Api);
  const admission = admin.makeApiClient(AdmissionregistrationV1Api);

  async function ensureNamespace(name: string, labels: Record<string, string>): Promise<void> {
    try {
      await core.createNamespace({ body: { metadata: { name, labels } } });
    } catch (error) {
      if ((error as { code?: number }).code !== 409) throw error;
      await labelNamespace(name, labels);
    }
    // Pods need the namespace's default ServiceAccount, which kube-controller-manager creates.
    for (let i = 0; i < 150; i++) {
      try {
        await core.readNamespacedServiceAccount({ name: 'default', namespace: name });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    throw new Error(`no default ServiceAccount in ${name} after 30 s (is kube-controller-manager running?)`);
  }

  /** Merge-patches namespace labels (null removes one), as `kubectl label` would. */
  async function labelNamespace(name: string, labels: Record<string, string | null>): Promise<void> {
    await core.patchNamespace(
      { name, body: { metadata: { labels } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }

  async function createPod(namespace: string, name: string, spec: PodSpec = {}): Promise<V1Pod> {
    return core.createNamespacedPod({
      namespace,
      body: {
        metadata: {
          name,
          labels: { app: name, ...spec.labels },
          ...(spec.annotations ? { annotations: spec.annotations } : {}),
        },
        spec: {
          ...(spec.hostNetwork ? { hostNetwork: true } : {}),
          ...(spec.nodeName ? { nodeName: spec.nodeName } : {}),
          containers: [{ name: 'app', image: 'nginx:1.27' }],
        },
      },
    });
  }

  async function deletePod(namespace: string, name: string): Promise<void> {
    await core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 });
    // Without a kubelet, a pod deleted with grace 0 goes away at once; wait until the name is free.
    for (let i = 0; i < 100; i++) {
      try {
        await core.readNamespacedPod({ name, namespace });
        await new Promise((r) => setTimeout(r, 100));
      } catch {
        return;
      }
    }
  }

  return { core, admission, ensureNamespace, labelNamespace, createPod, deletePod };
}

export function hasSidecar(pod: V1Pod): boolean {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].some(
    (c) => c.name === 'istio-proxy',
  );
}
