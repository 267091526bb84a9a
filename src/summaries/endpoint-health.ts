import {
  type ClusterHealth,
  type EndpointHealth,
  unhealthyStatuses,
} from '../diagnostics/proxy/endpoint-findings.ts';
import type { ClusterLoadAssignment, ClusterStatus } from '../schemas/envoy/endpoint-schema.ts';
import { endpointStatus } from './endpoints-table.ts';
import { hostRow } from './host-statuses-table.ts';

export type { ClusterHealth, EndpointHealth };

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
