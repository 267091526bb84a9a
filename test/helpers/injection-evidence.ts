import { gathered, missing } from '../../src/core/gathered.ts';
import type { InjectionEvidence } from '../../src/diagnostics/injection/injection-evidence.ts';
import { defaultInjectorConfig, type InjectorConfig } from '../../src/schemas/injector-config.ts';
import { MutatingWebhookConfigurationSchema, NamespaceSchema, PodSchema } from '../../src/schemas/kube.ts';

type Labels = Record<string, string>;

/** A chart-shaped injection webhook configuration (istio-semantics.md §1.1), built in code. */
export function chartWebhooks(revision = 'default', extra: Record<string, unknown> = {}) {
  const rev = revision;
  const isDefault = revision === 'default';
  const rules = [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }];
  const hook = (name: string, ns: unknown[], obj: unknown[]) => ({
    name,
    clientConfig: { service: { name: isDefault ? 'istiod' : `istiod-${rev}`, namespace: 'istio-system' } },
    namespaceSelector: { matchExpressions: ns },
    objectSelector: { matchExpressions: obj },
    rules,
  });
  const notFalse = { key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] };
  const webhooks = [
    hook(
      'rev.namespace.sidecar-injector.istio.io',
      [
        { key: 'istio.io/rev', operator: 'In', values: [rev] },
        { key: 'istio-injection', operator: 'DoesNotExist' },
      ],
      [notFalse],
    ),
    hook(
      'rev.object.sidecar-injector.istio.io',
      [
        { key: 'istio.io/rev', operator: 'DoesNotExist' },
        { key: 'istio-injection', operator: 'DoesNotExist' },
      ],
      [notFalse, { key: 'istio.io/rev', operator: 'In', values: [rev] }],
    ),
  ];
  if (isDefault)
    webhooks.push(
      hook(
        'namespace.sidecar-injector.istio.io',
        [{ key: 'istio-injection', operator: 'In', values: ['enabled'] }],
        [notFalse],
      ),
    );
  return MutatingWebhookConfigurationSchema.parse({
    metadata: {
      name: isDefault ? 'istio-sidecar-injector' : `istio-sidecar-injector-${rev}`,
      labels: { 'istio.io/rev': rev },
      ...extra,
    },
    webhooks,
  });
}

export function evidence(opts: {
  nsLabels?: Labels;
  podLabels?: Labels;
  annotations?: Labels;
  containers?: { name: string; image?: string }[];
  webhooks?: ReturnType<typeof chartWebhooks>[] | 'forbidden';
  namespace?: 'missing';
  config?: Partial<InjectorConfig>;
}): InjectionEvidence {
  const config = {
    ...defaultInjectorConfig('istio-system', 'istio-sidecar-injector'),
    assumedDefaults: false,
    ...opts.config,
  };
  return {
    pod: PodSchema.parse({
      metadata: {
        name: 'app-1',
        namespace: 'shop',
        labels: opts.podLabels ?? {},
        annotations: opts.annotations ?? {},
      },
      spec: { containers: opts.containers ?? [{ name: 'app' }] },
    }),
    namespace:
      opts.namespace === 'missing'
        ? missing('forbidden to get namespaces')
        : gathered(NamespaceSchema.parse({ metadata: { name: 'shop', labels: opts.nsLabels ?? {} } })),
    webhookConfigurations:
      opts.webhooks === 'forbidden'
        ? missing('Kubernetes refused to let meshdoc list mutatingwebhookconfigurations')
        : gathered(opts.webhooks ?? [chartWebhooks()]),
    injectorConfigs: { default: gathered(config) },
    kubectl: 'kubectl',
  };
}
