import type { CommandContext } from '../../core/command.ts';
import type { FlagValues } from '../../core/flag-spec.ts';
import type { GatherNote, Report, Section } from '../../core/report.ts';
import { ago } from '../../diagnostics/proxy/certificate-findings.ts';
import { count } from '../../diagnostics/proxy/proxy-finding.ts';
import { formatBytes } from '../../envoy/bad-dump.ts';
import type { OpenedDump } from '../../envoy/open-proxy-dump.ts';
import { requireConfigDump } from '../../envoy/open-proxy-dump.ts';
import { redactDump } from '../../envoy/redact-dump.ts';
import { rfc3339 } from '../../summaries/cert-info.ts';
import { type ConfigDumpSummary, summarizeConfigDump } from '../../summaries/config-dump-summary.ts';
import type { configDumpFlags } from '../command-flags.ts';
import { problemNotes, safeName } from '../proxy-report.ts';

const missingWhy: Record<string, string> = {
  endpoints: 'not in the dump: take it with /config_dump?include_eds to see endpoint health',
  bootstrap: 'not in the dump: Istio and Envoy versions are unknown',
};

/** Builds the `config-dump` report from the loaded dump (the command's spec is in commands/config-dump.ts). */
export function configDumpReport(
  opened: OpenedDump,
  _filters: FlagValues<typeof configDumpFlags>,
  ctx: CommandContext,
): Omit<Report, 'durationMs'> {
  requireConfigDump(opened.dump, 'configuration sections');
  const now = ctx.now();
  const summary = summarizeConfigDump(opened.dump, now, opened.subject);
  const redaction = redactDump(opened.dump.buffer);
  const worst = summary.findings[0]?.severity;
  const notes: GatherNote[] = [
    ...summary.missing.map((name) => ({
      evidence: `${name} section`,
      message: missingWhy[name] ?? 'not in the dump (taken with ?mask=…?)',
    })),
    ...problemNotes(summary.problems),
  ];
  return {
    command: 'config-dump',
    cluster: opened.cluster,
    target: opened.target,
    verdict: worst === 'error' ? 'errors' : worst === 'warning' ? 'warnings' : 'clean',
    headline: headline(summary, opened.target),
    sections: sections(summary, now),
    notes,
    attachments: [
      {
        filename: `config_dump-${safeName(opened.target.replace(/\.json$/, ''))}.json`,
        title: `Envoy config dump of ${opened.target} (${formatBytes(summary.bytes)}), ${count(redaction.redacted, 'secret value')} redacted`,
        content: redaction.text,
      },
    ],
    data: {
      versions: summary.versions ?? null,
      nodeId: summary.nodeId ?? null,
      resources: summary.resources,
      missingSections: summary.missing,
      redactedValues: redaction.redacted,
      bytes: summary.bytes,
    },
  };
}

function headline(s: ConfigDumpSummary, target: string): string {
  const v = s.versions;
  // istioctl prints 0.0.0 when the bootstrap has no build version; say "unknown" instead.
  const envoy = v && !v.envoyVersion.startsWith('0.0.0') ? v.envoyVersion.split('/')[0] : 'unknown';
  const who = `Istio ${v?.istioVersion || 'unknown'}, Envoy ${envoy}`;
  const total = (name: string) => s.resources.find((r) => r.resource === name)?.total;
  const parts = [
    total('Listeners') !== undefined ? count(total('Listeners') ?? 0, 'listener') : '',
    total('Clusters') !== undefined ? count(total('Clusters') ?? 0, 'cluster') : '',
    s.endpointHealth
      ? `${count(s.endpointHealth.total, 'endpoint')}${s.endpointHealth.unhealthy > 0 ? ` (${s.endpointHealth.unhealthy} not healthy)` : ''}`
      : '',
    count(s.certificates.filter((c) => c.cert).length, 'certificate'),
  ].filter(Boolean);
  const problems = s.findings.length > 0 ? ` ${count(s.findings.length, 'problem')} found.` : '';
  return `${who} on ${target}: ${parts.join(', ')}.${problems}`;
}

function sections(s: ConfigDumpSummary, now: Date): Section[] {
  const out: Section[] = [];
  if (s.findings.length > 0) out.push({ kind: 'findings', title: 'Findings', findings: s.findings });
  const v = s.versions;
  out.push({
    kind: 'keyValue',
    title: 'Proxy',
    pairs: [
      ...(v
        ? [
            { key: 'Istio Version', value: v.istioVersion || 'unknown' },
            { key: 'Istio Proxy Version', value: v.istioProxySha || 'unknown' },
            { key: 'Envoy Version', value: v.envoyVersion },
          ]
        : []),
      ...(s.nodeId ? [{ key: 'Node', value: s.nodeId }] : []),
      { key: 'Dump size', value: formatBytes(s.bytes) },
    ],
  });
  out.push({
    kind: 'table',
    title: 'Resources',
    columns: ['RESOURCE', 'COUNT', 'DETAIL'],
    rows: s.resources.map((r) => [r.resource, String(r.total), r.detail]),
  });
  if (s.certificates.length > 0) {
    const rows = s.certificates.map((item) => {
      const c = item.cert;
      if (!c) return [item.name, '', item.state, '', '', ''];
      const left = c.notAfter.getTime() - now.getTime();
      return [
        item.name,
        c.type,
        item.state,
        rfc3339(c.notAfter),
        left > 0 ? `in ${ago(left)}` : `${ago(-left)} ago`,
        c.serial,
      ];
    });
    out.push({
      kind: 'table',
      title: 'Certificates',
      columns: ['NAME', 'TYPE', 'STATUS', 'NOT AFTER', 'EXPIRES', 'SERIAL NUMBER'],
      rows,
    });
  }
  if (s.ecds && s.ecds.rows.length > 0)
    out.push({
      kind: 'table',
      title: 'Extension configs (ECDS)',
      columns: s.ecds.columns,
      rows: s.ecds.rows,
    });
  return out;
}
