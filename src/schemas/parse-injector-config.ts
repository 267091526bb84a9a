import * as z from 'zod/mini';
import type { InjectorConfig } from './injector-config.ts';
import { type ConfigMap, LabelSelectorSchema } from './kube.ts';
import { loadYaml } from './load-yaml.ts';

// The istiod chart's `istio-sidecar-injector[-<rev>]` ConfigMap: key `config` is YAML holding the
// injector policy and the never/always selectors, key `values` is JSON holding a subset of the
// Helm values (istio-semantics.md §1.1). Only what the injection decision reads is modelled.
const InjectorConfigYamlSchema = z.looseObject({
  policy: z.nullish(z.string()),
  neverInjectSelector: z.nullish(z.array(LabelSelectorSchema)),
  alwaysInjectSelector: z.nullish(z.array(LabelSelectorSchema)),
});

const InjectorValuesSchema = z.looseObject({
  sidecarInjectorWebhook: z.nullish(z.looseObject({ enableNamespacesByDefault: z.nullish(z.boolean()) })),
  global: z.nullish(
    z.looseObject({
      hub: z.nullish(z.string()),
      tag: z.nullish(z.union([z.string(), z.number()])),
    }),
  ),
  revision: z.nullish(z.string()),
});

/** Reads the injector ConfigMap; throws a ZodError / YAMLException on a malformed one. */
export function parseInjectorConfig(cm: ConfigMap): InjectorConfig {
  // js-yaml, like the kubeconfig reader: the live path then never loads the yaml package, whose
  // cold start costs about 20 ms more on this 30 KB document.
  const config = InjectorConfigYamlSchema.parse(
    (cm.data.config?.trim() ? loadYaml(cm.data.config, { maxAliases: 100 }) : {}) ?? {},
  );
  const values = InjectorValuesSchema.parse(cm.data.values ? JSON.parse(cm.data.values) : {});
  const tag = values.global?.tag;
  return {
    source: { namespace: cm.metadata.namespace ?? 'istio-system', name: cm.metadata.name },
    // istiod's template renders `policy: {{ .Values.global.proxy.autoInject }}`; an empty value is
    // what an unset autoInject renders to, and istiod treats it as invalid (never injects).
    policy: config.policy ?? '',
    neverInjectSelector: config.neverInjectSelector ?? [],
    alwaysInjectSelector: config.alwaysInjectSelector ?? [],
    enableNamespacesByDefault: values.sidecarInjectorWebhook?.enableNamespacesByDefault === true,
    ...(tag !== undefined && tag !== null ? { proxyTag: String(tag) } : {}),
    assumedDefaults: false,
  };
}
