import { MeshdocError, NotInFilesError } from '../../errors.ts';
import type { KubeReader, ListOptions, RejectedObject } from '../../kube/kube-reader.ts';
import { selectorMatches } from '../../kube/label-selector.ts';
import {
  kubectlResourceName,
  type ResourceName,
  type ResourceObject,
  resourceKinds,
  resourceOfManifest,
} from '../../kube/resource-kinds.ts';
import { selectorFromString } from '../../kube/selector-from-string.ts';
import type { Manifest, SkippedFile } from './load-manifests.ts';

/**
 * Serves the same reads as the live API from saved manifests, through the same resource table. A
 * resource that does not appear in the files at all is "not in files" (the user did not export
 * it, NotInFilesError), not "none exist".
 */
export class FileKubeReader implements KubeReader {
  readonly cluster: string;
  readonly kubectl = 'kubectl';
  private readonly manifests: readonly Manifest[];
  /** Manifests by resource, sorted once: every gatherer reads through here. */
  private readonly byResource = new Map<ResourceName, Manifest[]>();
  private readonly left: RejectedObject[] = [];

  constructor(manifests: readonly Manifest[], cluster: string, skippedFiles: readonly SkippedFile[] = []) {
    this.manifests = manifests;
    this.cluster = cluster;
    // Files of a --from directory that were not manifests at all: said in the answer's notes.
    for (const s of skippedFiles) this.left.push({ kind: 'file', name: s.file, why: s.why });
    for (const m of manifests) {
      const resource = resourceOfManifest(m.kind, m.apiVersion);
      if (!resource) continue;
      const list = this.byResource.get(resource);
      if (list) list.push(m);
      else this.byResource.set(resource, [m]);
    }
  }

  async get<R extends ResourceName>(
    resource: R,
    namespace: string | undefined,
    name: string,
  ): Promise<ResourceObject<R>> {
    const r = resourceKinds[resource];
    const where = r.namespaced ? ` in namespace "${namespace}"` : '';
    const what = `${r.kind} "${name}"${where}`;
    const all = this.ofResource(resource);
    if (all.length === 0) {
      const scope = r.namespaced ? ` -n ${namespace}` : '';
      throw new NotInFilesError(
        r.kind,
        `kubectl get ${kubectlResourceName(resource)} ${name}${scope} -o yaml`,
      );
    }
    const found = all.find(
      (m) => m.metadata.name === name && (!r.namespaced || namespaceOf(m) === namespace),
    );
    if (!found) throw new MeshdocError('not_found', `${what} is not in the --from files (${this.cluster}).`);
    return this.parse(resource, found, what);
  }

  async list<R extends ResourceName>(
    resource: R,
    namespace: string | undefined,
    options: ListOptions = {},
  ): Promise<ResourceObject<R>[]> {
    const all = this.ofResource(resource);
    if (all.length === 0) {
      const r = resourceKinds[resource];
      const scope = r.namespaced ? (namespace ? ` -n ${namespace}` : ' -A') : '';
      throw new NotInFilesError(r.kind, `kubectl get ${kubectlResourceName(resource)}${scope} -o yaml`);
    }
    const selector = selectorFromString(options.labelSelector ?? '');
    const matching = all
      .filter(
        (m) => namespace === undefined || !resourceKinds[resource].namespaced || namespaceOf(m) === namespace,
      )
      .flatMap((m) => {
        try {
          return [this.parse(resource, m, `${m.kind} "${m.metadata.name}"`)];
        } catch (error) {
          if (!options.skipInvalid || !(error instanceof MeshdocError)) throw error;
          this.left.push({
            kind: m.kind,
            namespace: namespaceOf(m),
            name: m.metadata.name,
            why: error.message,
          });
          return [];
        }
      })
      .filter((o) => selectorMatches(selector, labelsOf(o)));
    return options.limit === undefined ? matching : matching.slice(0, options.limit);
  }

  rejected(): readonly RejectedObject[] {
    return this.left;
  }

  async listPodNames(namespace: string, limit: number) {
    return this.ofResource('pod')
      .filter((m) => namespaceOf(m) === namespace)
      .map((m) => m.metadata.name)
      .slice(0, limit);
  }

  async listNamespaceNames(limit: number) {
    const names = new Set([
      ...this.ofResource('namespace').map((m) => m.metadata.name),
      ...this.manifests.map((m) => m.metadata.namespace).filter((n): n is string => !!n),
    ]);
    return [...names].slice(0, limit);
  }

  private ofResource(resource: ResourceName): readonly Manifest[] {
    return this.byResource.get(resource) ?? [];
  }

  private parse<R extends ResourceName>(resource: R, manifest: Manifest, what: string): ResourceObject<R> {
    const parsed = resourceKinds[resource].schema.safeParse(manifest);
    if (!parsed.success) {
      throw new MeshdocError(
        'bad_input_file',
        `${what} in the --from files is malformed: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}.`,
      );
    }
    return parsed.data as ResourceObject<R>;
  }
}

function namespaceOf(m: Manifest): string {
  return m.metadata.namespace ?? 'default';
}

function labelsOf(o: unknown): Record<string, string> {
  const metadata = (o as { metadata?: { labels?: Record<string, string> } }).metadata;
  return metadata?.labels ?? {};
}
