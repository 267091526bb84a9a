import { compareFindings, type Finding, type ObjectRef } from '../core/finding.ts';
import { certificateFindings } from '../diagnostics/proxy/certificate-findings.ts';
import {
  rejectedFinding,
  warmingResourcesFinding,
  warmingSecretFindings,
} from '../diagnostics/proxy/config-state-findings.ts';
import { endpointFindings } from '../diagnostics/proxy/endpoint-findings.ts';
import { type ConfigDump, type DumpProblem, hasSection, type SectionName } from '../envoy/config-dump.ts';
import { readBootstrap, readEcds } from '../envoy/read-bootstrap.ts';
import { readSecrets } from '../envoy/read-sections.ts';
import { bootstrapVersions, type ProxyVersions } from './bootstrap-versions.ts';
import {
  countClusters,
  countListeners,
  countRoutes,
  type ResourceCount,
  type Tally,
  tallyEndpoints,
} from './count-resources.ts';
import { ecdsTable } from './ecds-table.ts';
import type { EndpointHealth } from './endpoint-health.ts';
import { rejection } from './rejection.ts';
import { type SecretItem, secretItems } from './secrets-table.ts';
import type { SummaryTable } from './summary-table.ts';

export type { ResourceCount };

export type ConfigDumpSummary = {
  versions: ProxyVersions | undefined;
  nodeId: string | undefined;
  bytes: number;
  resources: ResourceCount[];
  certificates: SecretItem[];
  endpointHealth: EndpointHealth | undefined;
  ecds: SummaryTable | undefined;
  /** Sections a full dump has that this one lacks (masked dump, or EDS not included). */
  missing: SectionName[];
  findings: Finding[];
  problems: DumpProblem[];
};

const expected: SectionName[] = ['bootstrap', 'listeners', 'clusters', 'routes', 'endpoints', 'secrets'];

/**
 * The config-dump summary: versions, resource counts, endpoint health, certificates, warming and
 * rejected resources. Resources are streamed one at a time from the indexed dump, so peak memory is
 * the raw dump plus little more, never the whole parsed tree.
 */
export function summarizeConfigDump(dump: ConfigDump, now: Date, subject: ObjectRef): ConfigDumpSummary {
  const t: Tally = { problems: [], rejected: [], warming: { clusters: 0, listeners: 0 } };
  const findings: Finding[] = [];
  const boot = readBootstrap(dump);
  if (boot) t.problems.push(...boot.problems);
  const resources = [countListeners(dump, t), countClusters(dump, t), countRoutes(dump, t)].filter(
    (r) => r !== undefined,
  );

  const endpoints = tallyEndpoints(dump, t);
  if (endpoints) {
    resources.push(endpoints.count);
    findings.push(...endpointFindings(endpoints.health, subject));
  }

  let certificates: SecretItem[] = [];
  const secrets = readSecrets(dump);
  if (secrets) {
    t.problems.push(...secrets.problems);
    certificates = secretItems(secrets);
    for (const d of [...secrets.active, ...secrets.warming]) {
      const r = rejection('secret', d.name ?? '', d.error_state, d.client_status);
      if (r) t.rejected.push(r);
    }
    const detail = `${secrets.active.length} active, ${secrets.warming.length} warming`;
    resources.push({ resource: 'Secrets', total: secrets.active.length + secrets.warming.length, detail });
    findings.push(...certificateFindings(certificates, now, subject));
    findings.push(
      ...warmingSecretFindings(
        secrets.warming.map((s) => s.name ?? ''),
        subject,
      ),
    );
  }

  const ecds = readEcds(dump);
  if (ecds) t.problems.push(...ecds.problems);
  findings.push(...warmingResourcesFinding(t.warming, subject), ...rejectedFinding(t.rejected, subject));
  return {
    versions: boot ? bootstrapVersions(boot.bootstrap) : undefined,
    nodeId: boot?.bootstrap.bootstrap?.node?.id,
    bytes: dump.buffer.length,
    resources,
    certificates,
    endpointHealth: endpoints?.health,
    ecds: ecds ? ecdsTable(ecds.filters) : undefined,
    missing: expected.filter((name) => !hasSection(dump, name)),
    findings: findings.sort(compareFindings),
    problems: t.problems,
  };
}
