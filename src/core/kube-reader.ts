import type { Duplex } from 'node:stream';
import type { ConfigMap, Deployment, MutatingWebhookConfiguration, Namespace, Pod } from '../schemas/kube.ts';

export const workloadKinds = ['deployment', 'statefulset', 'daemonset'] as const;
export type WorkloadKind = (typeof workloadKinds)[number];

/** The Kubernetes kind of each workload kind, as objects and messages spell it. */
export const workloadKindNames: Record<WorkloadKind, string> = {
  deployment: 'Deployment',
  statefulset: 'StatefulSet',
  daemonset: 'DaemonSet',
};

/**
 * Read-only access to Kubernetes objects, from a live API server or from saved manifests.
 * Every method returns zod-validated objects or throws a MeshdocError (not_found, forbidden,
 * timeout, unreachable, …) whose message is safe to show.
 */
export interface KubeReader {
  /** Where the answer comes from: a kubeconfig context, `files:<path>` or `demo`. */
  readonly cluster: string;
  /** `kubectl` plus the flags that target the same cluster, for copy-paste fix commands. */
  readonly kubectl: string;
  getPod(namespace: string, name: string): Promise<Pod>;
  getNamespace(name: string): Promise<Namespace>;
  listMutatingWebhookConfigurations(): Promise<MutatingWebhookConfiguration[]>;
  getConfigMap(namespace: string, name: string): Promise<ConfigMap>;
  getWorkload(kind: WorkloadKind, namespace: string, name: string): Promise<Deployment>;
  /** Pods matching a label selector, at most `limit` (one request, never cluster-wide). */
  listPods(namespace: string, labelSelector: string, limit: number): Promise<Pod[]>;
  /** Names for "did you mean …?" suggestions; bounded by `limit`. */
  listPodNames(namespace: string, limit: number): Promise<string[]>;
  listNamespaceNames(limit: number): Promise<string[]>;
  /**
   * A TCP connection to a port inside a pod, through the API server (`pods/portforward`). Only a
   * live cluster has one; saved manifests and the demo leave it out.
   */
  openPodPort?(namespace: string, pod: string, port: number): Promise<Duplex>;
}
