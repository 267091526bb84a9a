import type { Pod, Service } from '../schemas/kube.ts';
import { selectorMatches } from './label-selector.ts';

/**
 * A Service selects a pod when both are in one namespace and its selector is non-empty and a
 * subset of the pod's labels (an empty selector selects nothing: endpoints managed by hand).
 */
export function serviceSelects(service: Service, pod: Pod): boolean {
  const selector = service.spec.selector ?? {};
  if (Object.keys(selector).length === 0) return false;
  const [sns, pns] = [service.metadata.namespace, pod.metadata.namespace];
  if (sns !== undefined && pns !== undefined && sns !== pns) return false;
  return selectorMatches({ matchLabels: selector }, pod.metadata.labels);
}
