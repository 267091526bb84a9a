import { type Gathered, gathered, missing } from '../../core/gathered.ts';
import { MeshdocError } from '../../errors.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';
import { isIstioWebhook } from '../../kube/istio-webhook.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';
import { type InjectorConfig, injectorConfigMapName } from '../../schemas/injector-config.ts';
import type { MutatingWebhookConfiguration } from '../../schemas/kube.ts';

/**
 * One injector ConfigMap per Istio revision found in the webhooks (the default revision in
 * istio-system when the webhooks could not be read). Each may fail alone.
 */
export function injectorConfigsGatherer(reader: KubeReader): Gatherer<'injectorConfigs'> {
  // The default revision's ConfigMap in istio-system is what almost every mesh has: it is read
  // while the webhooks are, not after, which saves a live command one round trip to the API
  // server. Used only if the webhooks name that revision in that namespace.
  let early: Promise<Gathered<InjectorConfig>> | undefined;
  return {
    uses: ['mutatingWebhooks'],
    prefetch() {
      early ??= readInjectorConfig(reader, 'istio-system', 'default');
    },
    async gather(ctx) {
      const webhooks = ctx.value('mutatingWebhooks');
      const revisions = webhooks ? istioRevisions(webhooks) : new Map([['default', 'istio-system']]);
      const entries = await Promise.all(
        [...revisions].map(async ([revision, ns]) => [
          revision,
          early && revision === 'default' && ns === 'istio-system'
            ? await early
            : await readInjectorConfig(reader, ns, revision),
        ]),
      );
      return Object.fromEntries(entries);
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
  let cm: Awaited<ReturnType<typeof reader.get<'configMap'>>>;
  try {
    cm = await reader.get('configMap', namespace, name);
  } catch (error) {
    return missing(error instanceof MeshdocError ? error.userMessage : 'could not be read');
  }
  // Imported here, not up front: it loads yaml, which `help` and `--file` do not need.
  const { parseInjectorConfig } = await import('../../schemas/parse-injector-config.ts');
  try {
    return gathered(parseInjectorConfig(cm));
  } catch {
    return missing(`ConfigMap ${namespace}/${name} has a malformed "config" or "values" key`);
  }
}
