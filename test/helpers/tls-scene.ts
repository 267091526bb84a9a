import type { EvidenceBundle } from '../../src/evidence/evidence-bundle.ts';
import {
  type DestinationRule,
  DestinationRuleSchema,
  type PeerAuthentication,
  PeerAuthenticationSchema,
} from '../../src/schemas/istio.ts';
import { type Pod, PodSchema, type Service, ServiceSchema } from '../../src/schemas/kube.ts';
import { defaultMeshSettings, type MeshSettings } from '../../src/schemas/mesh-config.ts';

// Builders for tls-check scenarios: objects as the API server returns them (parsed through the
// same schemas), and the evidence bundle decideTls reads.

let clock = 0;
/** Creation times increase in call order, so "oldest wins" follows the order a test writes. */
const created = () => new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)).toISOString();

export function service(
  name: string,
  namespace: string,
  ports: { port: number; targetPort?: number | string; name?: string }[] = [{ port: 9080, name: 'http' }],
  options: { headless?: boolean; selector?: Record<string, string> } = {},
): Service {
  return ServiceSchema.parse({
    kind: 'Service',
    metadata: { name, namespace },
    spec: {
      selector: options.selector ?? { app: name },
      ports,
      ...(options.headless ? { clusterIP: 'None' } : { clusterIP: '10.0.0.10' }),
    },
  });
}

export function pod(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  options: { sidecar?: boolean; ports?: { name: string; containerPort: number }[] } = {},
): Pod {
  const sidecar = options.sidecar ?? true;
  return PodSchema.parse({
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels: { ...labels, ...(sidecar ? { 'security.istio.io/tlsMode': 'istio' } : {}) },
      creationTimestamp: created(),
    },
    spec: {
      containers: [
        { name: 'app', image: 'app:1', ...(options.ports ? { ports: options.ports } : {}) },
        ...(sidecar ? [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.28.2' }] : []),
      ],
    },
  });
}

export function peerAuthentication(
  name: string,
  namespace: string,
  mode: string | undefined,
  options: { selector?: Record<string, string>; ports?: Record<string, string> } = {},
): PeerAuthentication {
  return PeerAuthenticationSchema.parse({
    kind: 'PeerAuthentication',
    metadata: { name, namespace, creationTimestamp: created() },
    spec: {
      ...(options.selector ? { selector: { matchLabels: options.selector } } : {}),
      ...(mode !== undefined ? { mtls: { mode } } : {}),
      ...(options.ports
        ? {
            portLevelMtls: Object.fromEntries(
              Object.entries(options.ports).map(([p, m]) => [p, { mode: m }]),
            ),
          }
        : {}),
    },
  });
}

export function destinationRule(
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
): DestinationRule {
  return DestinationRuleSchema.parse({
    kind: 'DestinationRule',
    metadata: { name, namespace, creationTimestamp: created() },
    spec,
  });
}

export type Scenario = {
  services: Service[];
  pods: Pod[];
  policies?: PeerAuthentication[];
  rules?: DestinationRule[];
  mesh?: Partial<MeshSettings>;
  client?: Pod;
};

/** The bundle tls-check would have gathered for a scenario (services and policies of one namespace). */
export function tlsBundle(s: Scenario): EvidenceBundle {
  const mesh = { ...defaultMeshSettings(), assumedDefaults: false, ...s.mesh };
  const ns = s.services[0]?.metadata.namespace ?? 'default';
  const policies = s.policies ?? [];
  return {
    values: {
      meshConfig: mesh,
      services: s.services,
      servicePods: Object.fromEntries(
        s.services.map((svc) => [
          svc.metadata.name,
          s.pods.filter((p) =>
            Object.entries(svc.spec.selector ?? {}).every(([k, v]) => p.metadata.labels[k] === v),
          ),
        ]),
      ),
      peerAuthentications: policies.filter((p) => p.metadata.namespace === ns),
      meshPeerAuthentications: policies.filter((p) => p.metadata.namespace === mesh.rootNamespace),
      meshDestinationRules: s.rules ?? [],
      ...(s.client ? { pod: s.client } : {}),
    },
    missing: {},
    assumed: {},
  };
}
