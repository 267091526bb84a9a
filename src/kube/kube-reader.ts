import type { Duplex } from 'node:stream';
import type { ResourceName, ResourceObject } from './resource-kinds.ts';

export const workloadKinds = ['deployment', 'statefulset', 'daemonset'] as const;
export type WorkloadKind = (typeof workloadKinds)[number];

/** The Kubernetes kind of each workload kind, as objects and messages spell it. */
export const workloadKindNames: Record<WorkloadKind, string> = {
  deployment: 'Deployment',
  statefulset: 'StatefulSet',
  daemonset: 'DaemonSet',
};

export type ListOptions = {
  readonly labelSelector?: string;
  readonly limit?: number;
  /**
   * Leave out objects that fail their schema and record them (`rejected()`) instead of failing the
   * whole list: one policy Istio's validation would have refused (saved, or created while the
   * webhook was off) must not hide every other one.
   */
  readonly skipInvalid?: boolean;
};

/** An object a list left out (`skipInvalid`), and why, for the answer's notes. */
export type RejectedObject = { kind: string; namespace?: string | undefined; name: string; why: string };

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
  /** One object; `namespace` is ignored for cluster-scoped resources. */
  get<R extends ResourceName>(
    resource: R,
    namespace: string | undefined,
    name: string,
  ): Promise<ResourceObject<R>>;
  /**
   * Objects of a resource in a namespace (`undefined`: all namespaces, or cluster-scoped). Live,
   * pages through `limit`/`continue` up to `options.limit`, else up to a total cap (error past it).
   * From files, a resource the files hold no object of throws NotInFilesError ("not exported"),
   * which is not the same as an empty list ("none exist").
   */
  list<R extends ResourceName>(
    resource: R,
    namespace: string | undefined,
    options?: ListOptions,
  ): Promise<ResourceObject<R>[]>;
  /** Names for "did you mean …?" suggestions; bounded by `limit`. */
  listPodNames(namespace: string, limit: number): Promise<string[]>;
  /** Objects lists with `skipInvalid` left out so far. */
  rejected?(): readonly RejectedObject[];
  listNamespaceNames(limit: number): Promise<string[]>;
  /**
   * A TCP connection to a port inside a pod, through the API server (`pods/portforward`). Only a
   * live cluster has one; saved manifests and the demo leave it out.
   */
  openPodPort?(namespace: string, pod: string, port: number): Promise<Duplex>;
}
