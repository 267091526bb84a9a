import type { Fact, Finding, ObjectRef } from '../core/finding.ts';
import type { UpdateFailureState } from '../envoy/common-schema.ts';
import { count, proxyFinding } from './proxy-checks.ts';

/** A dynamic resource Envoy refused (error_state) or NACKed, as found in any section. */
export type RejectedResource = { kind: string; name: string; details: string };

const clientStatusNames = [
  'UNKNOWN',
  'REQUESTED',
  'DOES_NOT_EXIST',
  'ACKED',
  'NACKED',
  'RECEIVED_ERROR',
  'TIMEOUT',
];

/** The rejection recorded on a dynamic resource wrapper, if any. */
export function rejection(
  kind: string,
  name: string,
  errorState: UpdateFailureState | unknown,
  clientStatus: unknown,
): RejectedResource | undefined {
  const status = typeof clientStatus === 'number' ? clientStatusNames[clientStatus] : clientStatus;
  if (errorState === undefined && status !== 'NACKED') return undefined;
  const details = (errorState as UpdateFailureState | undefined)?.details;
  return { kind, name, details: typeof details === 'string' ? details : String(status ?? 'rejected') };
}

export function rejectedFinding(rejected: readonly RejectedResource[], subject: ObjectRef): Finding[] {
  if (rejected.length === 0) return [];
  const first = rejected[0] as RejectedResource;
  const facts: Fact[] = rejected.map((r) => ({
    label: `${r.kind} ${r.name}`,
    value: clipText(r.details, 300),
  }));
  return [
    proxyFinding(
      'config-rejected',
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
      'secret-warming',
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
      'resources-warming',
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
