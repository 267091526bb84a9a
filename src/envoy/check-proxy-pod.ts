import { MeshdocError } from '../errors.ts';
import { findSidecar } from '../kube/find-sidecar.ts';
import type { ContainerStatus, Pod } from '../schemas/kube.ts';

/**
 * Envoy's admin API. Istio binds it to 127.0.0.1 inside the pod (proxyAdminPort, not configurable
 * per pod), which is why it is reached through a port-forward: the API server's pod proxy
 * (`pods/proxy`) dials the pod IP and would never get there.
 */
export const envoyAdminPort = 15000;

export type ProxyPodCheck = { ok: true; container: string } | { ok: false; error: MeshdocError };

/**
 * Can this pod's Envoy be asked for its configuration? Says no, and why, before any port-forward:
 * no sidecar (with the command that explains it), ambient mode, pod not running, proxy container
 * down. A proxy that runs but is not ready is still read: that is when people need its config most.
 */
export function checkProxyPod(pod: Pod): ProxyPodCheck {
  const namespace = pod.metadata.namespace ?? 'default';
  const ref = `${namespace}/${pod.metadata.name}`;
  const sidecar = findSidecar(pod);
  if (!sidecar || sidecar.style === 'annotation-only') {
    if (pod.metadata.annotations['ambient.istio.io/redirection'] === 'enabled') {
      return noProxy(
        `Pod ${ref} is in ambient mode: it has no Envoy sidecar. Its traffic goes through the node's ztunnel, and through a waypoint proxy if one serves it.`,
        `Inspect ztunnel with: istioctl ztunnel-config workloads --workload-namespace ${namespace}`,
      );
    }
    return noProxy(
      `Pod ${ref} has no Envoy sidecar (no istio-proxy container), so there is no proxy configuration to read.`,
      `Find out why: why-not-injected ${ref}`,
    );
  }
  const phase = pod.status?.phase;
  if (phase && phase !== 'Running') {
    const why =
      phase === 'Pending'
        ? 'is Pending: its containers, Envoy included, have not started'
        : `has finished (${phase}): its Envoy is gone`;
    return noProxy(
      `Pod ${ref} ${why}.`,
      `See why with: kubectl describe pod ${pod.metadata.name} -n ${namespace}`,
    );
  }
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const proxy = statuses.find((s) => s.name === 'istio-proxy');
  const down = proxy ? notRunning(proxy) : undefined;
  if (down) {
    return noProxy(
      `The istio-proxy container of pod ${ref} is not running (${down}), so Envoy cannot answer.`,
      `See its logs with: kubectl logs ${pod.metadata.name} -n ${namespace} -c istio-proxy --previous`,
    );
  }
  return { ok: true, container: 'istio-proxy' };
}

function notRunning(status: ContainerStatus): string | undefined {
  const state = status.state;
  if (!state || state.running) return undefined;
  const detail = state.waiting ?? state.terminated;
  const kind = state.waiting ? 'waiting' : state.terminated ? 'terminated' : 'not started';
  const reason = detail?.reason ? `${kind}: ${detail.reason}` : kind;
  return detail?.message ? `${reason}, ${detail.message.slice(0, 200)}` : reason;
}

function noProxy(message: string, hint: string): ProxyPodCheck {
  return { ok: false, error: new MeshdocError('no_proxy', message, { hint }) };
}
