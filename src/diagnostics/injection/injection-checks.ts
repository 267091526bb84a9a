// The catalogue of injection checks. Each check has a stable MESH code and a stable cause id
// (the JSON contract's `cause`). A finding with severity `pass` means the check was ruled out;
// any other severity means it applies. Codes are never reused (docs/findings.md).
export const injectionChecks = {
  'already-injected': { code: 'MESH0100', title: 'Pod already has an Istio sidecar' },
  'namespace-not-enabled': { code: 'MESH0101', title: 'Namespace not enabled for injection' },
  'namespace-injection-disabled': { code: 'MESH0102', title: 'Namespace has istio-injection=disabled' },
  'namespace-label-invalid-value': {
    code: 'MESH0103',
    title: 'Namespace istio-injection label has a value other than enabled',
  },
  'conflicting-namespace-labels': {
    code: 'MESH0104',
    title: 'Namespace has both istio-injection and istio.io/rev',
  },
  'revision-without-webhook': {
    code: 'MESH0105',
    title: 'istio.io/rev names a revision or tag with no webhook',
  },
  'no-injector-webhook': { code: 'MESH0106', title: 'No Istio injection webhook is installed' },
  'webhook-deactivated': { code: 'MESH0107', title: 'Injection webhook is deactivated (never-match)' },
  'webhook-selector-mismatch': { code: 'MESH0108', title: "No injection webhook's selectors match" },
  'pod-label-opt-out': { code: 'MESH0109', title: 'Pod label sidecar.istio.io/inject=false' },
  'pod-annotation-opt-out': { code: 'MESH0110', title: 'Pod annotation sidecar.istio.io/inject=false' },
  'annotation-opt-in-ignored': {
    code: 'MESH0111',
    title: 'Opt-in by annotation is invisible to webhook selectors',
  },
  'host-network': { code: 'MESH0112', title: 'Pod uses hostNetwork' },
  'system-namespace': { code: 'MESH0113', title: 'Pod is in a system namespace istiod never injects' },
  'injector-policy-disabled': { code: 'MESH0114', title: 'Injector policy is disabled' },
  'injector-policy-invalid': { code: 'MESH0115', title: 'Injector policy has an invalid value' },
  'never-inject-selector': { code: 'MESH0116', title: 'Pod matches neverInjectSelector' },
  'created-before-enablement': {
    code: 'MESH0117',
    title: 'Pod was created before injection was enabled',
  },
  'ambient-namespace': { code: 'MESH0118', title: 'Namespace is in ambient mode' },
  'multiple-webhooks-match': { code: 'MESH0119', title: 'More than one injection webhook matches' },
  'invalid-inject-value': { code: 'MESH0120', title: 'sidecar.istio.io/inject has a value istiod ignores' },
  'webhook-call-failed': { code: 'MESH0121', title: 'Pod creation failed calling the injection webhook' },
  'pod-label-ignored': { code: 'MESH0122', title: "Pod's istio.io/rev label is overridden by the namespace" },
  'not-injected-at-creation': {
    code: 'MESH0123',
    title: 'Pod was created after injection was enabled but has no sidecar',
  },
  'no-default-revision': {
    code: 'MESH0124',
    title: 'istio-injection=enabled but no default revision or default tag exists',
  },
  'ambient-pod': { code: 'MESH0125', title: 'Pod is enrolled in ambient mode by label' },
  'always-inject-selector': { code: 'MESH0126', title: 'Pod matches alwaysInjectSelector' },
} as const;

export type InjectionCause = keyof typeof injectionChecks;
