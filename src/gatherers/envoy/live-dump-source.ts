import type { PodTarget } from '../../core/target.ts';
import { badDump, formatBytes } from '../../envoy/bad-dump.ts';
import { checkProxyPod, envoyAdminPort } from '../../envoy/check-proxy-pod.ts';
import { openConfigDump } from '../../envoy/config-dump.ts';
import type { DumpRequest, DumpSource } from '../../envoy/dump-source.ts';
import { maxDumpBytes } from '../../envoy/read-capped.ts';
import { MeshdocError } from '../../errors.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';
import type { Pod } from '../../schemas/kube.ts';
import { PortForwardError } from '../kube/port-forward-error.ts';
import { explainMissing } from '../not-found-with-suggestions.ts';
import type { AdminResponse } from './fetch-envoy-admin.ts';

const defaultProxyTimeoutMs = 60_000;

/**
 * The live dump: read the pod (is there a running Envoy?), port-forward through the API server to
 * its admin port, `GET /config_dump` (with `include_eds` when endpoints are wanted). Direct rather
 * than through `istioctl proxy-config … -o json`: istioctl does the same port-forward, so it needs
 * the same RBAC, but costs a process, a second JSON parse and istioctl's own error text.
 * Requests: one pod get, one port-forward.
 */
export function liveDumpSource(
  pod: PodTarget,
  reader: KubeReader,
  proxyTimeoutMs: number | undefined,
): DumpSource {
  const ref = `${pod.namespace}/${pod.name}`;
  return {
    cluster: reader.cluster,
    target: ref,
    async load(request) {
      const object = await readPod(reader, pod);
      const check = checkProxyPod(object);
      if (!check.ok) throw check.error;
      if (!reader.openPodPort) {
        throw new MeshdocError(
          'no_proxy',
          `${reader.cluster === 'demo' ? 'The demo scenario' : `${reader.cluster} (saved manifests)`} has no running Envoy to ask for pod ${ref}'s configuration.`,
          { hint: 'Point meshdoc at a live cluster, or give a saved dump with --file DUMP.' },
        );
      }
      // Imported here: it loads node:http (15 MiB), which `--file DUMP` and `help` never use. Before
      // the tunnel opens, so the request follows the open at once.
      const { fetchEnvoyAdmin } = await import('./fetch-envoy-admin.ts');
      const connection = await reader.openPodPort(pod.namespace, pod.name, envoyAdminPort);
      const path = adminPath(request);
      const response = await fetchEnvoyAdmin(connection, path, {
        maxBytes: maxDumpBytes,
        timeoutMs: proxyTimeoutMs ?? defaultProxyTimeoutMs,
      });
      if (!response.ok) {
        // node:http may report "socket hang up" first; the kubelet's own words are on the stream.
        const failure =
          response.reason === 'connection' && connection.errored instanceof PortForwardError
            ? { ...response, error: connection.errored }
            : response;
        throw adminFailed(failure, pod, path, reader.kubectl);
      }
      return openConfigDump(response.body, `${ref} (GET ${path})`);
    },
  };
}

/** EDS is left out of /config_dump unless asked for; it is the bulk of big dumps. */
function adminPath(request: DumpRequest): string {
  return request.includeEds ? '/config_dump?include_eds' : '/config_dump';
}

async function readPod(reader: KubeReader, pod: PodTarget): Promise<Pod> {
  try {
    return await reader.get('pod', pod.namespace, pod.name);
  } catch (error) {
    // The namespace is read only for a missing pod, to tell a typo in it from one in the pod name.
    const namespaceExists = () =>
      reader.get('namespace', undefined, pod.namespace).then(
        () => true,
        (e: unknown) => !(e instanceof MeshdocError && e.code === 'not_found'),
      );
    throw await explainMissing(reader, pod, error, namespaceExists);
  }
}

function adminFailed(
  response: Exclude<AdminResponse, { ok: true }>,
  pod: PodTarget,
  path: string,
  kubectl: string,
): MeshdocError {
  const ref = `${pod.namespace}/${pod.name}`;
  const logs = `${kubectl} logs ${pod.name} -n ${pod.namespace} -c istio-proxy`;
  switch (response.reason) {
    case 'connection': {
      const kubelet = response.error instanceof PortForwardError ? response.error.kubeletMessage : undefined;
      if (kubelet || response.received === 0) {
        return new MeshdocError(
          'upstream_failed',
          `Envoy's admin port ${envoyAdminPort} in pod ${ref} did not answer${kubelet ? `: ${kubelet}` : ' (the port-forward closed without a reply)'}.`,
          {
            hint: `The proxy may be starting, restarting or hung. Check it with: ${logs}`,
            cause: response.error,
          },
        );
      }
      return new MeshdocError(
        'upstream_failed',
        `The connection to Envoy in pod ${ref} broke after ${formatBytes(response.received)} of its configuration.`,
        { hint: 'Retry; if it keeps breaking, the pod may be restarting.', cause: response.error },
      );
    }
    case 'timeout':
      return new MeshdocError(
        'timeout',
        `Envoy in pod ${ref} did not send its configuration within ${Math.round(response.afterMs / 1000)} s (${formatBytes(response.received)} received).`,
        {
          hint: `A hung proxy or a very large configuration; check ${logs}, or raise MESHDOC_PROXY_TIMEOUT_MS.`,
        },
      );
    case 'status':
      return new MeshdocError(
        'upstream_failed',
        `Envoy's admin API in pod ${ref} answered HTTP ${response.status} to GET ${path}${response.body.trim() ? `: ${response.body.trim().slice(0, 200)}` : ''}.`,
        { hint: `Check the proxy with: ${logs}` },
      );
    case 'too_large':
      return badDump(
        `The configuration of pod ${ref} is larger than ${formatBytes(response.limit)}; meshdoc stops reading there.`,
        'Narrow the scope of the proxy with a Sidecar resource; that also speeds up the mesh.',
      );
  }
}
