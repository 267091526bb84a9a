import { findSidecar } from '../../kube/find-sidecar.ts';
import type { DestinationRule, PeerAuthentication } from '../../schemas/istio.ts';
import type { Pod, Service } from '../../schemas/kube.ts';
import type { MeshSettings } from '../../schemas/mesh-config.ts';
import { type ClientTlsChoice, clientTlsFor, endpointCheckTlsMode, tlsMode } from './client-tls.ts';
import { type ChosenRule, destinationRuleFor } from './destination-rule-for.ts';
import { type MtlsMode, policyRef } from './mtls-mode.ts';
import { peerAuthenticationsInEffect } from './peer-authentications-in-effect.ts';
import { type ServerMode, serverMode } from './server-mode.ts';

/** What tls-check compares: the services, their pods, the policies and the client in question. */
export type TlsScene = {
  mesh: MeshSettings;
  /** The services looked at, all in one namespace. */
  services: readonly Service[];
  servicePods: Readonly<Record<string, readonly Pod[]>>;
  /** PeerAuthentications in the root namespace and in the services' namespace. */
  rootPolicies: readonly PeerAuthentication[];
  namespacePolicies: readonly PeerAuthentication[];
  /** Every DestinationRule in the mesh. */
  rules: readonly DestinationRule[];
  /** `--to`: one client pod instead of every client namespace. */
  clientPod?: Pod | undefined;
  port?: number | undefined;
  /** `tls-check POD`: judge this pod only, and only the subsets it belongs to. */
  onlyPod?: string | undefined;
};

/** The causes a row's endpoint can break with (each a check and a catalogue entry). */
export type ConflictCause =
  | 'strict-server-plaintext-client'
  | 'strict-server-simple-tls-client'
  | 'mtls-client-disabled-server'
  | 'workload-strict-under-disabled-namespace'
  | 'workload-disable-under-mtls-namespace'
  | 'mtls-to-pod-without-sidecar'
  | 'port-level-drops-tls'
  | 'strict-server-client-without-sidecar';

export type Sends = 'mTLS' | 'plaintext' | 'TLS';

/** One endpoint (pod) of a row: what its server accepts, what the client sends it, and whether that works. */
export type EndpointResult = {
  pod: string;
  sidecar: boolean;
  /** Marked for auto-mTLS (label security.istio.io/tlsMode=istio). */
  tlsModeLabel: boolean;
  targetPort: number | undefined;
  server: ServerMode | undefined;
  sends: Sends;
  /** Why the client sends that, in words ("DestinationRule tls.mode DISABLE", "auto-mTLS, …"). */
  because: string;
  works: boolean;
  cause: ConflictCause | undefined;
};

export type TlsStatus = 'OK' | 'AUTO' | 'CONFLICT';

export type TlsRow = {
  service: Service;
  host: string;
  port: number;
  portName: string | undefined;
  subset: string | undefined;
  /** Client namespaces this row speaks for ("any other namespace" included), or the --to pod. */
  clients: string[];
  status: TlsStatus;
  server: string;
  client: string;
  peerAuthentication: string;
  destinationRule: string;
  rule: ChosenRule | undefined;
  tls: ClientTlsChoice;
  autoMtls: boolean;
  headless: boolean;
  /** No pod behind the service (or the subset): judged on the namespace's mode alone. */
  noPods: boolean;
  endpoints: EndpointResult[];
};

export const otherNamespaces = 'any other namespace';
// A namespace name no real namespace has: stands for "a client namespace with no rule of its own".
const elsewhere = '\u0000elsewhere';

/** The rows of the table: per service port, subset and client group, each endpoint judged. */
export function tlsRows(scene: TlsScene): TlsRow[] {
  const rows: TlsRow[] = [];
  for (const service of scene.services) {
    const namespace = service.metadata.namespace ?? 'default';
    const host = `${service.metadata.name}.${namespace}.svc.cluster.local`;
    const pods = scene.servicePods[service.metadata.name] ?? [];
    const headless = service.spec.clusterIP === 'None';
    const ports = (service.spec.ports ?? []).filter((p) => scene.port === undefined || p.port === scene.port);
    for (const group of clientGroups(scene, host, namespace)) {
      const subsets = [undefined, ...(group.rule?.subsets.map((s) => s.name) ?? [])];
      for (const port of ports) {
        for (const subset of subsets) {
          const labels =
            subset === undefined ? {} : (group.rule?.subsets.find((s) => s.name === subset)?.labels ?? {});
          const endpoints = pods.filter(
            (p) =>
              (scene.onlyPod === undefined || p.metadata.name === scene.onlyPod) &&
              Object.entries(labels).every(([k, v]) => p.metadata.labels[k] === v),
          );
          if (scene.onlyPod !== undefined && endpoints.length === 0) continue;
          rows.push(row(scene, { service, host, namespace, headless, port, subset, endpoints, group }));
        }
      }
    }
  }
  return rows;
}

type ClientGroup = {
  clients: string[];
  clientNamespace: string;
  rule: ChosenRule | undefined;
  clientSidecar: boolean;
  clientLabels: Readonly<Record<string, string>> | undefined;
};

/**
 * Client namespaces that resolve the host to different rules: each namespace with a rule of its own
 * for the host, the service's namespace, and every other namespace (which see the service's or the
 * root namespace's exported rule, or none). Namespaces that end up with the same rule share a row.
 * With `--to`, the one client pod.
 */
function clientGroups(scene: TlsScene, host: string, serviceNamespace: string): ClientGroup[] {
  const root = scene.mesh.rootNamespace;
  if (scene.clientPod) {
    const ns = scene.clientPod.metadata.namespace ?? 'default';
    return [
      {
        clients: [`pod ${ns}/${scene.clientPod.metadata.name}`],
        clientNamespace: ns,
        rule: destinationRuleFor(
          scene.rules,
          host,
          serviceNamespace,
          ns,
          root,
          scene.clientPod.metadata.labels,
        ),
        clientSidecar: findSidecar(scene.clientPod) !== undefined,
        clientLabels: scene.clientPod.metadata.labels,
      },
    ];
  }
  const namespaces = new Set<string>([serviceNamespace]);
  for (const r of scene.rules) {
    const ns = r.metadata.namespace ?? 'default';
    if (ns === root || namespaces.has(ns)) continue;
    if (destinationRuleFor([r], host, serviceNamespace, ns, root)?.rule === r) namespaces.add(ns);
  }
  const groups = new Map<string, ClientGroup>();
  for (const ns of [...[...namespaces].sort(), elsewhere]) {
    const rule = destinationRuleFor(scene.rules, host, serviceNamespace, ns, root);
    const key = rule ? policyRef(rule.rule) : '';
    const label = ns === elsewhere ? otherNamespaces : ns;
    const existing = groups.get(key);
    if (existing) existing.clients.push(label);
    else
      groups.set(key, {
        clients: [label],
        clientNamespace: ns,
        rule,
        clientSidecar: true,
        clientLabels: undefined,
      });
  }
  return [...groups.values()];
}

function row(
  scene: TlsScene,
  at: {
    service: Service;
    host: string;
    namespace: string;
    headless: boolean;
    port: NonNullable<Service['spec']['ports']>[number];
    subset: string | undefined;
    endpoints: readonly Pod[];
    group: ClientGroup;
  },
): TlsRow {
  const { mesh } = scene;
  const tls = clientTlsFor(at.group.rule, at.port.port, at.subset);
  const endpointCheck = endpointCheckTlsMode(at.group.rule, at.port.port, at.subset);
  const noPods = at.endpoints.length === 0;
  // Without a pod, the row is judged on the namespace's mode, for a sidecar-injected pod.
  const judged: { pod: Pod | undefined }[] = noPods
    ? [{ pod: undefined }]
    : at.endpoints.map((pod) => ({ pod }));
  const allMarked = at.endpoints.every((p) => p.metadata.labels['security.istio.io/tlsMode'] === 'istio');
  const endpoints = judged.map(({ pod }) => {
    const labels = pod?.metadata.labels ?? {};
    const sidecar = pod ? findSidecar(pod) !== undefined : true;
    const tlsModeLabel = pod ? labels['security.istio.io/tlsMode'] === 'istio' : true;
    const targetPort = resolveTargetPort(at.port, pod);
    const policies = peerAuthenticationsInEffect(
      scene.rootPolicies,
      scene.namespacePolicies,
      mesh.rootNamespace,
      at.namespace,
      labels,
    );
    const server = sidecar ? serverMode(policies, targetPort) : undefined;
    const sent = clientSends({
      tls,
      autoMtls: mesh.enableAutoMtls,
      clientSidecar: at.group.clientSidecar,
      namespaceMode: serverMode(
        peerAuthenticationsInEffect(
          scene.rootPolicies,
          scene.namespacePolicies,
          mesh.rootNamespace,
          at.namespace,
          {},
        ),
        undefined,
      ).namespaceMode,
      headless: at.headless,
      allMarked,
      endpointCheck,
      endpoint: { sidecar, tlsModeLabel, mode: server?.mode },
    });
    const verdict = judge(sent, server, tls, at.group.clientSidecar, mesh.enableAutoMtls, at.headless);
    return {
      pod: pod?.metadata.name ?? '(no pod)',
      sidecar,
      tlsModeLabel,
      targetPort,
      server,
      sends: sent.sends,
      because: sent.because,
      works: verdict.works,
      cause: verdict.cause,
    } satisfies EndpointResult;
  });
  const explicit = tls.tls !== undefined;
  const status: TlsStatus = endpoints.some((e) => !e.works)
    ? 'CONFLICT'
    : !explicit && mesh.enableAutoMtls && at.group.clientSidecar
      ? 'AUTO'
      : 'OK';
  return {
    service: at.service,
    host: at.host,
    port: at.port.port,
    portName: at.port.name ?? undefined,
    subset: at.subset,
    clients: at.group.clients,
    status,
    server: serverColumn(endpoints, noPods),
    client: !at.group.clientSidecar
      ? 'plaintext (no sidecar)'
      : tls.tls
        ? tlsMode(tls.tls)
        : mesh.enableAutoMtls
          ? '-'
          : 'None',
    peerAuthentication: policyColumn(endpoints),
    destinationRule: at.group.rule ? policyRef(at.group.rule.rule) : 'None',
    rule: at.group.rule,
    tls,
    autoMtls: mesh.enableAutoMtls,
    headless: at.headless,
    noPods,
    endpoints,
  };
}

/** A Service port's target port on one pod: a number, or a name looked up in the pod's containers. */
export function resolveTargetPort(
  port: NonNullable<Service['spec']['ports']>[number],
  pod: Pod | undefined,
): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod?.spec.containers ?? []) {
    const found = (c.ports ?? []).find((p) => p.name === target);
    if (found) return found.containerPort;
  }
  return undefined;
}

function clientSends(input: {
  tls: ClientTlsChoice;
  autoMtls: boolean;
  clientSidecar: boolean;
  namespaceMode: MtlsMode;
  headless: boolean;
  allMarked: boolean;
  /** The rule's mode as istiod's endpoint check reads it (endpointCheckTlsMode). */
  endpointCheck: string | undefined;
  endpoint: { sidecar: boolean; tlsModeLabel: boolean; mode: MtlsMode | undefined };
}): { sends: Sends; because: string } {
  const { tls, endpoint } = input;
  if (!input.clientSidecar) return { sends: 'plaintext', because: 'the client has no sidecar' };
  if (tls.tls) {
    const mode = tlsMode(tls.tls);
    const because = `DestinationRule tls.mode ${mode}${tls.tls.mode ? '' : ' (tls without a mode)'}`;
    if (mode === 'ISTIO_MUTUAL') return { sends: 'mTLS', because };
    if (mode === 'SIMPLE' || mode === 'MUTUAL') return { sends: 'TLS', because };
    return { sends: 'plaintext', because };
  }
  if (!input.autoMtls)
    return { sends: 'plaintext', because: 'no DestinationRule tls and auto-mTLS is off in the mesh config' };
  if (input.namespaceMode === 'DISABLE')
    return { sends: 'plaintext', because: 'auto-mTLS follows the namespace/mesh mode, DISABLE' };
  if (input.headless) {
    return input.allMarked
      ? {
          sends: 'mTLS',
          because: 'auto-mTLS to a headless service whose pods all have sidecars (no per-pod check)',
        }
      : {
          sends: 'plaintext',
          because: 'auto-mTLS to a headless service with a pod without sidecar: plaintext to all',
        };
  }
  // istiod's endpoint check: a DestinationRule mode it can see decides the pod's mTLS marker before
  // the pod's sidecar and policy do (mtls_checker.go checkMtlsEnabled).
  if (input.endpointCheck !== undefined) {
    return input.endpointCheck === 'ISTIO_MUTUAL'
      ? {
          sends: 'mTLS',
          because:
            "auto-mTLS, and istiod's endpoint check reads the rule's ISTIO_MUTUAL, so every pod is marked for mTLS",
        }
      : {
          sends: 'plaintext',
          because: `auto-mTLS, but istiod's endpoint check reads the rule's ${input.endpointCheck} (a port-level entry without tls does not hide it there) and clears every pod's mTLS marker`,
        };
  }
  if (!endpoint.tlsModeLabel)
    return { sends: 'plaintext', because: 'auto-mTLS: the pod is not marked for mTLS (no sidecar)' };
  if (endpoint.mode === 'DISABLE')
    return {
      sends: 'plaintext',
      because: "auto-mTLS: istiod clears the pod's mTLS marker, its own policy says DISABLE",
    };
  return { sends: 'mTLS', because: 'auto-mTLS to a pod with a sidecar' };
}

function judge(
  sent: { sends: Sends },
  server: ServerMode | undefined,
  tls: ClientTlsChoice,
  clientSidecar: boolean,
  autoMtls: boolean,
  headless: boolean,
): { works: boolean; cause: ConflictCause | undefined } {
  const explicit = tls.tls !== undefined;
  if (!server) {
    // No sidecar on the server: the app gets the bytes as sent. Istio's mTLS it cannot speak.
    return sent.sends === 'mTLS'
      ? {
          works: false,
          cause: explicit
            ? 'mtls-to-pod-without-sidecar'
            : tls.dropped
              ? 'port-level-drops-tls'
              : 'workload-disable-under-mtls-namespace',
        }
      : { works: true, cause: undefined };
  }
  if (server.mode === 'STRICT') {
    if (sent.sends === 'mTLS') return { works: true, cause: undefined };
    if (!clientSidecar) return { works: false, cause: 'strict-server-client-without-sidecar' };
    if (sent.sends === 'TLS') return { works: false, cause: 'strict-server-simple-tls-client' };
    if (explicit) return { works: false, cause: 'strict-server-plaintext-client' };
    if (tls.dropped) return { works: false, cause: 'port-level-drops-tls' };
    if (autoMtls && !headless && server.namespaceMode === 'DISABLE')
      return { works: false, cause: 'workload-strict-under-disabled-namespace' };
    return { works: false, cause: 'strict-server-plaintext-client' };
  }
  if (server.mode === 'DISABLE' && sent.sends === 'mTLS') {
    return {
      works: false,
      cause:
        explicit || server.source?.scope === 'mesh' || server.source?.scope === 'namespace'
          ? 'mtls-client-disabled-server'
          : tls.dropped
            ? 'port-level-drops-tls'
            : 'workload-disable-under-mtls-namespace',
    };
  }
  return { works: true, cause: undefined };
}

function serverColumn(endpoints: readonly EndpointResult[], noPods: boolean): string {
  const counts = new Map<string, number>();
  for (const e of endpoints) {
    const m = e.server ? e.server.mode : 'no sidecar';
    counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  const modes = [...counts.keys()];
  const text = modes.length === 1 ? (modes[0] ?? '') : [...counts].map(([m, n]) => `${m}×${n}`).join(' ');
  return noPods ? `${text} (no pods)` : text;
}

function policyColumn(endpoints: readonly EndpointResult[]): string {
  const refs = new Set(endpoints.map((e) => (e.server?.source ? policyRef(e.server.source.policy) : 'None')));
  return [...refs].join(', ');
}
