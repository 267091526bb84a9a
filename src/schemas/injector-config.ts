import * as z from 'zod/mini';
import { LabelSelectorSchema } from './kube.ts';

// The istiod chart's `istio-sidecar-injector[-<rev>]` ConfigMap, as the injection decision reads it.
// Parsing the ConfigMap (YAML) is in parse-injector-config.ts, so this schema loads without yaml.
export const InjectorConfigSchema = z.object({
  source: z.object({ namespace: z.string(), name: z.string() }),
  /** `enabled` (chart default), `disabled`, or anything else (istiod then never injects). */
  policy: z.string(),
  neverInjectSelector: z.array(LabelSelectorSchema),
  alwaysInjectSelector: z.array(LabelSelectorSchema),
  enableNamespacesByDefault: z.boolean(),
  proxyTag: z.optional(z.string()),
  /** True when the ConfigMap could not be read and chart defaults were assumed. */
  assumedDefaults: z.boolean(),
});
export type InjectorConfig = z.infer<typeof InjectorConfigSchema>;

/** Chart defaults (values.yaml): policy enabled, no selectors, namespaces not enabled by default. */
export function defaultInjectorConfig(namespace: string, name: string): InjectorConfig {
  return {
    source: { namespace, name },
    policy: 'enabled',
    neverInjectSelector: [],
    alwaysInjectSelector: [],
    enableNamespacesByDefault: false,
    assumedDefaults: true,
  };
}

/** The ConfigMap istiod of a revision reads: `istio-sidecar-injector` or `…-<rev>`. */
export function injectorConfigMapName(revision: string): string {
  return revision === 'default' || revision === ''
    ? 'istio-sidecar-injector'
    : `istio-sidecar-injector-${revision}`;
}
