import { type Gathered, gathered, missing } from '../core/gathered.ts';
import type { KubeReader, WorkloadKind } from '../core/kube-reader.ts';
import type { InjectionTarget } from '../core/target.ts';
import type { InjectionEvidence } from '../diagnostics/injection/injection-evidence.ts';
import { MeshdocError } from '../errors.ts';
import { isIstioWebhook } from '../kube/istio-webhook.ts';
import {
  type InjectorConfig,
  injectorConfigMapName,
  parseInjectorConfig,
} from '../schemas/injector-config.ts';
import type { Deployment, MutatingWebhookConfiguration, Pod } from '../schemas/kube.ts';
import { explainMissing } from './not-found-with-suggestions.ts';

/** Pods of a workload shown at most; one bounded list request, never a cluster-wide list. */
export const workloadPodLimit = 20;

/**
 * Gathers what the injection decision needs in a fixed number of reads, whatever the cluster
 * size: the pod (or workload + up to 20 of its pods), its namespace, the webhook configurations
 * and one injector ConfigMap per Istio revision.
 */
export async function gatherInjectionEvidence(
  reader: KubeReader,
  target: InjectionTarget,
): Promise<InjectionEvidence> {
  const [subject, namespace, webhooks] = await Promise.all([
    readSubject(reader, target),
    settle(reader.getNamespace(target.namespace)),
    settle(reader.listMutatingWebhookConfigurations()),
  ]);
  if (!subject.ok) {
    throw await explainMissing(reader, target, subject.error, namespace.ok);
  }
  const revisions = webhooks.ok
    ? istioRevisions(webhooks.value)
    : new Map<string, string>([['default', 'istio-system']]);
  const configEntries = await Promise.all(
    [...revisions].map(
      async ([revision, ns]) => [revision, await readInjectorConfig(reader, ns, revision)] as const,
    ),
  );
  const { pod, workload } = subject.value;
  return {
    pod,
    ...(workload ? { workload } : {}),
    namespace: namespace.ok ? gathered(namespace.value) : missing(reasonOf(namespace.error)),
    webhookConfigurations: webhooks.ok ? gathered(webhooks.value) : missing(reasonOf(webhooks.error)),
    injectorConfigs: Object.fromEntries(configEntries),
    kubectl: reader.kubectl,
  };
}

type Subject = { pod: Pod; workload?: { kind: WorkloadKind; object: Deployment; pods: Gathered<Pod[]> } };

async function readSubject(reader: KubeReader, target: InjectionTarget): Promise<Settled<Subject>> {
  if (target.kind === 'pod') {
    const pod = await settle(reader.getPod(target.namespace, target.name));
    return pod.ok ? { ok: true, value: { pod: pod.value } } : pod;
  }
  const object = await settle(reader.getWorkload(target.kind, target.namespace, target.name));
  if (!object.ok) return object;
  const template = object.value.spec.template;
  // The template stands in for "a pod created now": same labels, annotations and spec.
  const pod: Pod = {
    metadata: {
      ...template.metadata,
      name: `${target.name} (pod template)`,
      namespace: target.namespace,
      labels: template.metadata.labels,
      annotations: template.metadata.annotations,
    },
    spec: template.spec,
  };
  const selector = Object.entries(object.value.spec.selector.matchLabels ?? template.metadata.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const pods = await settle(reader.listPods(target.namespace, selector, workloadPodLimit));
  return {
    ok: true,
    value: {
      pod,
      workload: {
        kind: target.kind,
        object: object.value,
        pods: pods.ok ? gathered(pods.value) : missing(reasonOf(pods.error)),
      },
    },
  };
}

/** Istio revisions with injection webhooks, and the namespace of the istiod serving each. */
function istioRevisions(configurations: readonly MutatingWebhookConfiguration[]): Map<string, string> {
  const revisions = new Map<string, string>();
  for (const mwc of configurations) {
    const istio = mwc.webhooks.filter(isIstioWebhook);
    if (istio.length === 0) continue;
    const ns = istio[0]?.clientConfig.service?.namespace ?? 'istio-system';
    revisions.set(mwc.metadata.labels['istio.io/rev'] ?? 'default', ns);
  }
  if (revisions.size === 0) revisions.set('default', 'istio-system');
  return revisions;
}

async function readInjectorConfig(
  reader: KubeReader,
  namespace: string,
  revision: string,
): Promise<Gathered<InjectorConfig>> {
  const name = injectorConfigMapName(revision);
  const cm = await settle(reader.getConfigMap(namespace, name));
  if (!cm.ok) return missing(reasonOf(cm.error));
  try {
    return gathered(parseInjectorConfig(cm.value));
  } catch {
    return missing(`ConfigMap ${namespace}/${name} has a malformed "config" or "values" key`);
  }
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

function reasonOf(error: unknown): string {
  return error instanceof MeshdocError ? error.userMessage : 'could not be read';
}
