import type { CauseSpec } from '../../../core/check.ts';
import { ignoredNamespaces } from '../inject-required.ts';
import { injectionFinding } from '../injection-finding.ts';
import type { InjectionCheck } from '../injection-input.ts';

export const systemNamespaceCause: CauseSpec = {
  code: 'MESH0113',
  cause: 'system-namespace',
  title: 'Pod is in a system namespace istiod never injects',
  severities: ['error', 'warning', 'pass'],
};

// injectRequired's second rule: istiod's IgnoredNamespaces are never injected, whatever their
// labels say (pkg/kube/inject/initializer.go, istio-semantics.md §1.3).
export const systemNamespace: InjectionCheck = {
  id: 'injection.system-namespace',
  area: 'injection',
  stage: 'hard-rule',
  title: 'Pod is not in a namespace istiod ignores',
  needs: ['pod'],
  emits: [systemNamespaceCause],
  run({ namespace: ns }) {
    const system = (ignoredNamespaces as readonly string[]).includes(ns);
    return [
      injectionFinding(systemNamespaceCause, {
        severity: system ? 'error' : 'pass',
        subject: { kind: 'Namespace', name: ns },
        message: system
          ? `Namespace ${ns} is one istiod never injects into (${ignoredNamespaces.join(', ')}), whatever its labels say.`
          : `Namespace ${ns} is not a system namespace.`,
        fix: system
          ? { text: 'Run the workload in an application namespace if it must be in the mesh.' }
          : undefined,
      }),
    ];
  },
};
