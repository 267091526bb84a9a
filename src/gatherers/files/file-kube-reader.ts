import type { z } from 'zod';
import { type KubeReader, type WorkloadKind, workloadKindNames } from '../../core/kube-reader.ts';
import { MeshdocError } from '../../errors.ts';
import { selectorMatches } from '../../kube/label-selector.ts';
import { selectorFromString } from '../../kube/selector-from-string.ts';
import {
  ConfigMapSchema,
  DeploymentSchema,
  MutatingWebhookConfigurationSchema,
  NamespaceSchema,
  PodSchema,
} from '../../schemas/kube.ts';
import type { Manifest } from './load-manifests.ts';

/**
 * Serves the same reads as the live API from saved manifests. A kind that does not appear in
 * the files at all is "not available" (the user did not export it), not "none exist".
 */
export class FileKubeReader implements KubeReader {
  readonly cluster: string;
  readonly kubectl = 'kubectl';
  private readonly manifests: readonly Manifest[];

  constructor(manifests: readonly Manifest[], cluster: string) {
    this.manifests = manifests;
    this.cluster = cluster;
  }

  async getPod(namespace: string, name: string) {
    return this.parse(
      PodSchema,
      this.find('Pod', namespace, name),
      `Pod "${name}" in namespace "${namespace}"`,
    );
  }

  async getNamespace(name: string) {
    return this.parse(NamespaceSchema, this.find('Namespace', undefined, name), `Namespace "${name}"`);
  }

  async listMutatingWebhookConfigurations() {
    this.requireKind('MutatingWebhookConfiguration', 'kubectl get mutatingwebhookconfigurations -o yaml');
    return this.ofKind('MutatingWebhookConfiguration').map((m) =>
      MutatingWebhookConfigurationSchema.parse(m),
    );
  }

  async getConfigMap(namespace: string, name: string) {
    return this.parse(
      ConfigMapSchema,
      this.find('ConfigMap', namespace, name),
      `ConfigMap "${name}" in namespace "${namespace}"`,
    );
  }

  async getWorkload(kind: WorkloadKind, namespace: string, name: string) {
    const found = this.find(workloadKindNames[kind], namespace, name);
    return this.parse(
      DeploymentSchema,
      found,
      `${workloadKindNames[kind]} "${name}" in namespace "${namespace}"`,
    );
  }

  async listPods(namespace: string, labelSelector: string, limit: number) {
    const selector = selectorFromString(labelSelector);
    return this.ofKind('Pod')
      .filter((m) => (m.metadata.namespace ?? 'default') === namespace)
      .map((m) => PodSchema.parse(m))
      .filter((p) => selectorMatches(selector, p.metadata.labels))
      .slice(0, limit);
  }

  async listPodNames(namespace: string, limit: number) {
    return this.ofKind('Pod')
      .filter((m) => (m.metadata.namespace ?? 'default') === namespace)
      .map((m) => m.metadata.name)
      .slice(0, limit);
  }

  async listNamespaceNames(limit: number) {
    const names = new Set([
      ...this.ofKind('Namespace').map((m) => m.metadata.name),
      ...this.manifests.map((m) => m.metadata.namespace).filter((n): n is string => !!n),
    ]);
    return [...names].slice(0, limit);
  }

  private ofKind(kind: string): Manifest[] {
    return this.manifests.filter((m) => m.kind === kind);
  }

  private requireKind(kind: string, howToExport: string): void {
    if (this.ofKind(kind).length === 0) {
      throw new MeshdocError('not_found', `The --from files hold no ${kind} objects.`, {
        hint: `Export them with: ${howToExport}`,
      });
    }
  }

  private find(kind: string, namespace: string | undefined, name: string): Manifest | undefined {
    return this.manifests.find(
      (m) =>
        m.kind === kind &&
        m.metadata.name === name &&
        (namespace === undefined || (m.metadata.namespace ?? 'default') === namespace),
    );
  }

  private parse<S extends z.ZodType>(schema: S, manifest: Manifest | undefined, what: string): z.infer<S> {
    if (!manifest)
      throw new MeshdocError('not_found', `${what} is not in the --from files (${this.cluster}).`);
    const parsed = schema.safeParse(manifest);
    if (!parsed.success) {
      throw new MeshdocError(
        'bad_input_file',
        `${what} in the --from files is malformed: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}.`,
      );
    }
    return parsed.data;
  }
}
