import type { LabelSelector, LabelSelectorRequirement } from '../schemas/kube.ts';

type Labels = Readonly<Record<string, string>>;

/**
 * Kubernetes label-selector semantics as the API server applies them to webhook
 * namespaceSelector/objectSelector: a missing or empty selector matches everything; all
 * matchLabels and matchExpressions must hold.
 */
export function selectorMatches(selector: LabelSelector | null | undefined, labels: Labels): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  return (selector.matchExpressions ?? []).every((req) => requirementMatches(req, labels));
}

export function requirementMatches(req: LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, req.key);
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(labels[req.key] ?? '');
    case 'NotIn':
      return !has || !values.includes(labels[req.key] ?? '');
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      // The API server rejects unknown operators, so this only happens with hand-edited files.
      return false;
  }
}

/** kubectl-style text for a selector, e.g. `istio-injection in (enabled), !istio.io/rev`. */
export function describeSelector(selector: LabelSelector | null | undefined): string {
  if (!selector) return '(everything)';
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const req of selector.matchExpressions ?? []) {
    const values = (req.values ?? []).join(',');
    if (req.operator === 'In') parts.push(`${req.key} in (${values})`);
    else if (req.operator === 'NotIn') parts.push(`${req.key} notin (${values})`);
    else if (req.operator === 'Exists') parts.push(req.key);
    else if (req.operator === 'DoesNotExist') parts.push(`!${req.key}`);
    else parts.push(`${req.key} ${req.operator} (${values})`);
  }
  return parts.length > 0 ? parts.join(', ') : '(everything)';
}
