import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { AdmissionregistrationV1Api, AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { z } from 'zod';
import type { KubeReader, WorkloadKind } from '../../core/kube-reader.ts';
import { MeshdocError } from '../../errors.ts';
import {
  ConfigMapSchema,
  DeploymentSchema,
  MutatingWebhookConfigurationSchema,
  NamespaceSchema,
  PodSchema,
} from '../../schemas/kube.ts';
import { openPodPortStream } from './pod-port-stream.ts';
import { type ApiCall, translateApiError } from './translate-api-error.ts';

export type LiveKubeReaderOptions = {
  kubeConfig: KubeConfig;
  /** Per-request deadline; an API server that answers slower gives a timeout error. */
  timeoutMs: number;
};

/** Reads objects from a live API server through @kubernetes/client-node. */
export class LiveKubeReader implements KubeReader {
  readonly cluster: string;
  readonly kubectl: string;
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly admission: AdmissionregistrationV1Api;
  private readonly timeoutMs: number;
  private readonly kubeConfig: KubeConfig;

  constructor({ kubeConfig, timeoutMs }: LiveKubeReaderOptions) {
    const context = kubeConfig.getCurrentContext();
    this.cluster = context || 'in-cluster';
    this.kubectl = context && context !== 'inClusterContext' ? `kubectl --context ${context}` : 'kubectl';
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
    this.admission = kubeConfig.makeApiClient(AdmissionregistrationV1Api);
    this.timeoutMs = timeoutMs;
    this.kubeConfig = kubeConfig;
  }

  openPodPort(namespace: string, pod: string, port: number) {
    return openPodPortStream(this.kubeConfig, { namespace, pod, port }, this.timeoutMs, this.cluster);
  }

  getPod(namespace: string, name: string) {
    return this.call({ verb: 'get', resource: 'pods', namespace, name }, PodSchema, () =>
      this.core.readNamespacedPod({ name, namespace }),
    );
  }

  getNamespace(name: string) {
    return this.call({ verb: 'get', resource: 'namespaces', name }, NamespaceSchema, () =>
      this.core.readNamespace({ name }),
    );
  }

  async listMutatingWebhookConfigurations() {
    const list = await this.raw(
      { verb: 'list', resource: 'mutatingwebhookconfigurations.admissionregistration.k8s.io' },
      () => this.admission.listMutatingWebhookConfiguration(),
    );
    return list.items.map((item) => MutatingWebhookConfigurationSchema.parse(item));
  }

  getConfigMap(namespace: string, name: string) {
    return this.call({ verb: 'get', resource: 'configmaps', namespace, name }, ConfigMapSchema, () =>
      this.core.readNamespacedConfigMap({ name, namespace }),
    );
  }

  getWorkload(kind: WorkloadKind, namespace: string, name: string) {
    const call: ApiCall = { verb: 'get', resource: `${kind}s.apps`, namespace, name };
    const read =
      kind === 'deployment'
        ? () => this.apps.readNamespacedDeployment({ name, namespace })
        : kind === 'statefulset'
          ? () => this.apps.readNamespacedStatefulSet({ name, namespace })
          : () => this.apps.readNamespacedDaemonSet({ name, namespace });
    return this.call(call, DeploymentSchema, read);
  }

  async listPods(namespace: string, labelSelector: string, limit: number) {
    const list = await this.raw({ verb: 'list', resource: 'pods', namespace }, () =>
      this.core.listNamespacedPod({ namespace, labelSelector, limit }),
    );
    return list.items.map((item) => PodSchema.parse(item));
  }

  async listPodNames(namespace: string, limit: number) {
    const list = await this.raw({ verb: 'list', resource: 'pods', namespace }, () =>
      this.core.listNamespacedPod({ namespace, limit }),
    );
    return list.items.map((p) => p.metadata?.name ?? '').filter(Boolean);
  }

  async listNamespaceNames(limit: number) {
    const list = await this.raw({ verb: 'list', resource: 'namespaces' }, () =>
      this.core.listNamespace({ limit }),
    );
    return list.items.map((n) => n.metadata?.name ?? '').filter(Boolean);
  }

  private async call<S extends z.ZodType>(
    call: ApiCall,
    schema: S,
    fn: () => Promise<unknown>,
  ): Promise<z.infer<S>> {
    const value = await this.raw(call, fn);
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new MeshdocError(
        'unexpected_output',
        `The API server returned ${call.resource} "${call.name ?? ''}" in a shape meshdoc does not understand.`,
        {
          cause: parsed.error,
        },
      );
    }
    return parsed.data;
  }

  private async raw<T>(call: ApiCall, fn: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new MeshdocError(
              'timeout',
              `The API server of cluster ${this.cluster} did not answer within ${this.timeoutMs} ms (${call.verb} ${call.resource}).`,
              {
                hint: 'The API server may be overloaded or unreachable; retry, or raise --timeout.',
              },
            ),
          ),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([fn(), deadline]);
    } catch (error) {
      throw translateApiError(error, call, this.cluster);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Loads the kubeconfig the way kubectl does, from the given environment (not process.env, so the
 * CLI and tests can pass their own): an explicit path; else every existing file in KUBECONFIG,
 * merged, the first file's current-context winning; else ~/.kube/config; else in-cluster.
 * Then selects `context` if given.
 */
export function loadKubeConfig(
  context: string | undefined,
  kubeconfigPath?: string,
  env: NodeJS.ProcessEnv = process.env,
): KubeConfig {
  const kc = new KubeConfig();
  try {
    const files = kubeconfigPath
      ? [kubeconfigPath]
      : (env.KUBECONFIG ?? '').split(delimiter).filter((f) => f && existsSync(f));
    const home = join(env.HOME ?? homedir(), '.kube', 'config');
    if (files.length === 0 && existsSync(home)) files.push(home);
    const [first, ...rest] = files;
    if (!first) kc.loadFromDefault();
    else {
      kc.loadFromFile(first);
      for (const file of rest) {
        const more = new KubeConfig();
        more.loadFromFile(file);
        kc.mergeConfig(more, true);
      }
    }
  } catch (error) {
    throw new MeshdocError('bad_input_file', 'The kubeconfig could not be read.', {
      cause: error,
      hint: 'Check KUBECONFIG or ~/.kube/config.',
    });
  }
  if (context) {
    const names = kc.getContexts().map((c) => c.name);
    if (!names.includes(context)) {
      throw new MeshdocError('usage', `No context "${context}" in the kubeconfig.`, {
        hint: `Known contexts: ${names.join(', ') || '(none)'}`,
      });
    }
    kc.setCurrentContext(context);
  }
  return kc;
}
