import {
  type BootstrapConfigDump,
  BootstrapConfigDumpSchema,
  type EcdsFilter,
  EcdsFilterSchema,
} from '../schemas/envoy/bootstrap-schema.ts';
import { type ClusterStatus, ClusterStatusSchema } from '../schemas/envoy/endpoint-schema.ts';
import { badDump } from './bad-dump.ts';
import {
  type ConfigDump,
  type DumpProblem,
  describeIssue,
  findSections,
  parseEach,
  resources,
  sectionJson,
} from './config-dump.ts';

// Readers of the small sections (bootstrap, ECDS) and of Envoy's /clusters output.

export function readBootstrap(
  dump: ConfigDump,
): { bootstrap: BootstrapConfigDump; problems: DumpProblem[] } | undefined {
  const json = sectionJson(dump, 'bootstrap');
  if (!json) return undefined;
  const result = BootstrapConfigDumpSchema.safeParse(json);
  if (result.success) return { bootstrap: result.data, problems: [] };
  return { bootstrap: {}, problems: [{ where: 'bootstrap', message: describeIssue(result.error) }] };
}

/** ECDS dumps have one section per filter type; istioctl merges them all. */
export function readEcds(dump: ConfigDump): { filters: EcdsFilter[]; problems: DumpProblem[] } | undefined {
  const sections = findSections(dump, 'ecds');
  if (sections.length === 0) return undefined;
  const problems: DumpProblem[] = [];
  const filters = sections.flatMap((s) =>
    parseEach(resources(dump, s, 'ecds_filters'), EcdsFilterSchema, problems),
  );
  return { filters, problems };
}

/** Envoy's `/clusters?format=json` output (istioctl's source for `proxy-config endpoint`). */
export function readClusterStatuses(
  dump: ConfigDump,
): { clusters: ClusterStatus[]; problems: DumpProblem[] } | undefined {
  if (dump.format !== 'clusters') return undefined;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(dump.buffer.toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    throw badDump(
      `The /clusters output is not valid JSON: ${error instanceof Error ? error.message.slice(0, 160) : 'syntax error'}.`,
    );
  }
  const problems: DumpProblem[] = [];
  const items = Array.isArray(json.cluster_statuses)
    ? json.cluster_statuses.map((value, i) => ({ value, where: `cluster_statuses[${i}]` }))
    : [{ value: json.cluster_statuses, where: 'cluster_statuses', notAList: json.cluster_statuses != null }];
  return { clusters: parseEach(items, ClusterStatusSchema, problems), problems };
}
