import type { GatherNote, Section } from '../src/core/report.ts';
import { ago } from '../src/diagnostics/proxy/certificate-findings.ts';
import { count } from '../src/diagnostics/proxy/proxy-finding.ts';
import { formatBytes } from '../src/envoy/bad-dump.ts';
import { requireConfigDump } from '../src/envoy/open-proxy-dump.ts';
import { redactDump } from '../src/envoy/redact-dump.ts';
import { defineProxyCommand } from '../src/proxy/define-proxy-command.ts';
import { problemNotes, safeName } from '../src/proxy/proxy-report.ts';
import { rfc3339 } from '../src/summaries/cert-info.ts';
import { type ConfigDumpSummary, summarizeConfigDump } from '../src/summaries/config-dump-summary.ts';

const missingWhy: Record<string, string> = {
  endpoints: 'not in the dump: take it with /config_dump?include_eds to see endpoint health',
  bootstrap: 'not in the dump: Istio and Envoy versions are unknown',
};

/**
 * `config-dump`: what the sidecar runs (versions, resource counts, endpoint health, certificates,
 * warming and rejected resources) with the whole dump attached, secrets redacted.
 */
export const configDump = defineProxyCommand({
  name: 'config-dump',
  summary: "A summary of the sidecar's whole Envoy configuration, and the dump itself with secrets redacted",
  examples: [
    'config-dump productpage-v1-6b746f74dc-9stvf -n bookinfo',
    'config-dump --file dump.json -o json',
  ],
  flags: {},
  request: {
    sections: ['bootstrap', 'listeners', 'clusters', 'routes', 'endpoints', 'secrets', 'ecds'],
    includeEds: true,
  },
  build(opened, _filters, ctx) {
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
  },
});

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
