import { selectorMatches } from '../../kube/label-selector.ts';
import type { InjectorConfig } from '../../schemas/injector-config.ts';
import type { Pod } from '../../schemas/kube.ts';

/** Namespaces istiod never injects into (pkg/kube/inject/initializer.go IgnoredNamespaces). */
export const ignoredNamespaces = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'local-path-storage',
] as const;

export const injectKey = 'sidecar.istio.io/inject';

export type StageBOutcome =
  | { inject: false; reason: 'host-network' | 'system-namespace' | 'explicit-false' | 'never-selector' }
  | { inject: false; reason: 'policy-disabled' | 'policy-invalid' }
  | { inject: true; reason: 'explicit-true' | 'always-selector' | 'policy-enabled' };

export type ExplicitOpt = {
  /** Where the deciding value came from: the label replaces the annotation when present. */
  source: 'label' | 'annotation' | 'none';
  value: string | undefined;
  /** "true"/"false" exactly (case-sensitive); anything else means "use the default". */
  decision: 'true' | 'false' | 'default';
};

export function explicitOpt(pod: Pod): ExplicitOpt {
  const label = pod.metadata.labels[injectKey];
  const annotation = pod.metadata.annotations[injectKey];
  const source = label !== undefined ? 'label' : annotation !== undefined ? 'annotation' : 'none';
  const value = label ?? annotation;
  const decision = value === 'true' ? 'true' : value === 'false' ? 'false' : 'default';
  return { source, value, decision };
}

/**
 * istiod's `injectRequired` (istio-semantics.md §1.3), in its order: hostNetwork, ignored
 * namespaces, explicit label/annotation, neverInjectSelector, alwaysInjectSelector, policy.
 */
export function injectRequired(pod: Pod, namespace: string, config: InjectorConfig): StageBOutcome {
  if (pod.spec.hostNetwork === true) return { inject: false, reason: 'host-network' };
  if ((ignoredNamespaces as readonly string[]).includes(namespace)) {
    return { inject: false, reason: 'system-namespace' };
  }
  const opt = explicitOpt(pod);
  if (opt.decision === 'true') return { inject: true, reason: 'explicit-true' };
  if (opt.decision === 'false') return { inject: false, reason: 'explicit-false' };
  const labels = pod.metadata.labels;
  const nonEmpty = (s: (typeof config.neverInjectSelector)[number]) =>
    Object.keys(s.matchLabels ?? {}).length > 0 || (s.matchExpressions ?? []).length > 0;
  if (config.neverInjectSelector.some((s) => nonEmpty(s) && selectorMatches(s, labels))) {
    return { inject: false, reason: 'never-selector' };
  }
  if (config.alwaysInjectSelector.some((s) => nonEmpty(s) && selectorMatches(s, labels))) {
    return { inject: true, reason: 'always-selector' };
  }
  if (config.policy === 'enabled') return { inject: true, reason: 'policy-enabled' };
  if (config.policy === 'disabled') return { inject: false, reason: 'policy-disabled' };
  return { inject: false, reason: 'policy-invalid' };
}
