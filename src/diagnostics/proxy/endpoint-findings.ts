import type { CauseSpec } from '../../core/check.ts';
import type { Fact, Finding, ObjectRef } from '../../core/finding.ts';
import { count, type FindingProducer, proxyFinding } from './proxy-finding.ts';

/** Envoy does not send traffic to these (UNKNOWN counts as healthy; DEGRADED is used last). */
export const unhealthyStatuses: ReadonlySet<string> = new Set(['UNHEALTHY', 'DRAINING', 'TIMEOUT']);

export type ClusterHealth = {
  cluster: string;
  total: number;
  unhealthy: number;
  ejected: number;
  statuses: Map<string, number>;
};
export type EndpointHealth = {
  total: number;
  unhealthy: number;
  ejected: number;
  byStatus: Map<string, number>;
  clusterCount: number;
  /** Only clusters with unhealthy or ejected endpoints: a 10,000-cluster mesh keeps a short list. */
  problemClusters: ClusterHealth[];
};

export const endpointsUnhealthyCause: CauseSpec = {
  code: 'MESH0501',
  cause: 'endpoints-unhealthy',
  title: 'Some endpoints are not healthy',
  severities: ['warning'],
};
export const clusterWithoutHealthyEndpointsCause: CauseSpec = {
  code: 'MESH0502',
  cause: 'cluster-without-healthy-endpoints',
  title: 'A cluster has endpoints but none is healthy',
  severities: ['error'],
};
export const endpointsOutlierEjectedCause: CauseSpec = {
  code: 'MESH0503',
  cause: 'endpoints-outlier-ejected',
  title: 'Endpoints ejected by outlier detection',
  severities: ['warning'],
};

export const endpointFindingsProducer: FindingProducer = {
  id: 'proxy.endpoint-health',
  area: 'proxy',
  title: "The proxy's upstream endpoints are healthy",
  emits: [endpointsUnhealthyCause, clusterWithoutHealthyEndpointsCause, endpointsOutlierEjectedCause],
};

/** Unhealthy, all-unhealthy and ejected endpoints become findings rather than rows to spot. */
export function endpointFindings(health: EndpointHealth, subject: ObjectRef): Finding[] {
  const findings: Finding[] = [];
  const sick = health.problemClusters
    .filter((c) => c.unhealthy > 0)
    .sort((a, b) => b.unhealthy - a.unhealthy);
  const dead = sick.filter((c) => c.unhealthy === c.total);
  if (dead.length > 0) {
    findings.push(
      proxyFinding(
        clusterWithoutHealthyEndpointsCause,
        'error',
        subject,
        `${count(dead.length, 'cluster')} ${dead.length === 1 ? 'has' : 'have'} endpoints but none healthy: requests to ${dead.length === 1 ? 'it' : 'them'} fail with 503 "no healthy upstream".`,
        dead.map((c) => ({ label: c.cluster, value: statusText(c.statuses) })),
        {
          text: 'Check the pods behind these services: readiness probes, crash loops, or pods being terminated.',
        },
      ),
    );
  }
  if (health.unhealthy > 0) {
    const statuses = [...health.byStatus].filter(([s]) => unhealthyStatuses.has(s));
    findings.push(
      proxyFinding(
        endpointsUnhealthyCause,
        'warning',
        subject,
        `${health.unhealthy} of ${count(health.total, 'endpoint')} ${health.unhealthy === 1 ? 'is' : 'are'} not healthy (${statuses.map(([s, n]) => `${s} ${n}`).join(', ')}) in ${count(sick.length, 'cluster')}.`,
        sick.map(
          (c): Fact => ({
            label: c.cluster,
            value: `${c.unhealthy} of ${c.total} not healthy (${statusText(c.statuses)})`,
          }),
        ),
      ),
    );
  }
  if (health.ejected > 0) {
    const ejected = health.problemClusters.filter((c) => c.ejected > 0);
    findings.push(
      proxyFinding(
        endpointsOutlierEjectedCause,
        'warning',
        subject,
        `Outlier detection ejected ${count(health.ejected, 'endpoint')} in ${count(ejected.length, 'cluster')}: they returned errors and get no traffic for a while.`,
        ejected.map((c) => ({ label: c.cluster, value: `${c.ejected} of ${c.total} ejected` })),
        {
          text: "Look at the ejected pods' errors (5xx, resets); the DestinationRule's outlierDetection sets how long they stay out.",
        },
      ),
    );
  }
  return findings;
}

function statusText(statuses: Map<string, number>): string {
  return [...statuses].map(([s, n]) => `${s} ${n}`).join(', ');
}
