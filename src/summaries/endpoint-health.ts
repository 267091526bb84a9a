import type { Fact, Finding, ObjectRef } from '../core/finding.ts';
import type { ClusterLoadAssignment, ClusterStatus } from '../envoy/endpoint-schema.ts';
import { endpointStatus } from './endpoints-table.ts';
import { hostRow } from './host-statuses-table.ts';
import { count, proxyFinding } from './proxy-checks.ts';

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

type Host = { status: string; ejected: boolean };

/** Adds clusters one at a time, so the summary can stream EDS without keeping it. */
export function healthTally(): {
  add(cluster: string, hosts: readonly Host[]): void;
  health: EndpointHealth;
} {
  const health: EndpointHealth = {
    total: 0,
    unhealthy: 0,
    ejected: 0,
    byStatus: new Map(),
    clusterCount: 0,
    problemClusters: [],
  };
  return {
    health,
    add(cluster, hosts) {
      const c: ClusterHealth = {
        cluster,
        total: hosts.length,
        unhealthy: 0,
        ejected: 0,
        statuses: new Map(),
      };
      for (const h of hosts) {
        c.statuses.set(h.status, (c.statuses.get(h.status) ?? 0) + 1);
        health.byStatus.set(h.status, (health.byStatus.get(h.status) ?? 0) + 1);
        if (unhealthyStatuses.has(h.status)) c.unhealthy++;
        if (h.ejected) c.ejected++;
      }
      health.total += c.total;
      health.unhealthy += c.unhealthy;
      health.ejected += c.ejected;
      health.clusterCount++;
      if (c.unhealthy > 0 || c.ejected > 0) health.problemClusters.push(c);
    },
  };
}

/** The hosts of one EDS assignment with their health status. */
export function assignmentHosts(cla: ClusterLoadAssignment): Host[] {
  return (cla.endpoints ?? []).flatMap((l) =>
    (l.lb_endpoints ?? []).map((ep) => ({ status: endpointStatus(ep), ejected: false })),
  );
}

/** Health of EDS endpoints from a config dump taken with include_eds. */
export function edsHealth(assignments: readonly ClusterLoadAssignment[]): EndpointHealth {
  const tally = healthTally();
  for (const cla of assignments) tally.add(cla.cluster_name ?? '', assignmentHosts(cla));
  return tally.health;
}

/** Health from /clusters?format=json, which also says which hosts outlier detection ejected. */
export function hostHealth(clusters: readonly ClusterStatus[]): EndpointHealth {
  const tally = healthTally();
  for (const c of clusters) {
    tally.add(
      c.name ?? '',
      (c.host_statuses ?? []).map((h) => {
        const row = hostRow(h, c.name ?? '');
        return { status: row.status, ejected: row.failedOutlierCheck };
      }),
    );
  }
  return tally.health;
}

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
        'cluster-without-healthy-endpoints',
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
        'endpoints-unhealthy',
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
        'endpoints-outlier-ejected',
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
