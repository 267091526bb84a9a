import type { CauseSpec } from '../../core/check.ts';
import type { Fact, Finding, ObjectRef } from '../../core/finding.ts';
import { count, type FindingProducer, proxyFinding } from './proxy-finding.ts';

/** A dynamic resource Envoy refused (error_state) or NACKed, as found in any section. */
export type RejectedResource = { kind: string; name: string; details: string };

export const secretWarmingCause: CauseSpec = {
  code: 'MESH0507',
  cause: 'secret-warming',
  title: 'An SDS secret was requested but never delivered',
  severities: ['warning'],
};
export const resourcesWarmingCause: CauseSpec = {
  code: 'MESH0508',
  cause: 'resources-warming',
  title: 'Clusters or listeners are still warming',
  severities: ['warning'],
};
export const configRejectedCause: CauseSpec = {
  code: 'MESH0509',
  cause: 'config-rejected',
  title: 'Envoy rejected configuration from istiod',
  severities: ['error'],
};

export const configStateFindingsProducer: FindingProducer = {
  id: 'proxy.config-state',
  area: 'proxy',
  title: 'Envoy accepted its configuration and nothing is stuck warming',
  emits: [configRejectedCause, resourcesWarmingCause, secretWarmingCause],
};

export function rejectedFinding(rejected: readonly RejectedResource[], subject: ObjectRef): Finding[] {
  if (rejected.length === 0) return [];
  const first = rejected[0] as RejectedResource;
  const facts: Fact[] = rejected.map((r) => ({
    label: `${r.kind} ${r.name}`,
    value: clipText(r.details, 300),
  }));
  return [
    proxyFinding(
      configRejectedCause,
      'error',
      subject,
      `Envoy rejected ${count(rejected.length, 'configuration update')} from istiod and keeps running the previous one (first: ${first.kind} ${first.name}).`,
      facts,
      {
        text: 'Find the Istio resource behind it (often an EnvoyFilter or an invalid VirtualService) and fix or remove it; `istioctl proxy-status` shows the proxy as STALE.',
        command: 'istioctl proxy-status',
      },
    ),
  ];
}

export function warmingSecretFindings(names: readonly string[], subject: ObjectRef): Finding[] {
  return names.map((name) => {
    const kube = name.startsWith('kubernetes://') ? name.slice('kubernetes://'.length) : undefined;
    return proxyFinding(
      secretWarmingCause,
      'warning',
      subject,
      `SDS secret "${name}" was requested but never delivered: listeners and clusters that use it do not serve TLS yet.`,
      [{ label: 'secret', value: name }],
      kube
        ? {
            text: `Check that the Kubernetes Secret "${kube}" exists in the gateway's namespace and holds a certificate and key.`,
          }
        : { text: 'Check the istio-proxy logs for SDS errors (istio-agent serves these secrets).' },
    );
  });
}

export function warmingResourcesFinding(
  counts: { clusters: number; listeners: number },
  subject: ObjectRef,
): Finding[] {
  if (counts.clusters + counts.listeners === 0) return [];
  const parts = [
    counts.clusters > 0 ? count(counts.clusters, 'cluster') : '',
    counts.listeners > 0 ? count(counts.listeners, 'listener') : '',
  ].filter(Boolean);
  return [
    proxyFinding(
      resourcesWarmingCause,
      'warning',
      subject,
      `${parts.join(' and ')} ${counts.clusters + counts.listeners === 1 ? 'is' : 'are'} warming: Envoy waits for their endpoints, routes or secrets and sends them no traffic yet.`,
      [
        { label: 'warming clusters', value: String(counts.clusters) },
        { label: 'warming listeners', value: String(counts.listeners) },
      ],
      {
        text: 'If this lasts, a secret or EDS/RDS resource is missing: look for secret-warming findings and check istiod logs.',
      },
    ),
  ];
}

function clipText(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
