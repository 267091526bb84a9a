import type { Finding } from '../../core/finding.ts';
import type { Report, Section, VerdictTone } from '../../core/report.ts';
import type { TlsDecision, TlsVerdict } from './decide-tls.ts';
import type { TlsRow } from './tls-rows.ts';

const verdictLabels: Record<TlsVerdict, string> = {
  ok: 'TLS OK',
  conflict: 'TLS conflict',
  unknown: 'Unknown',
};
const verdictTones: Record<TlsVerdict, VerdictTone> = { ok: 'ok', conflict: 'problem', unknown: 'unknown' };

export const tlsColumns = [
  'HOST:PORT',
  'SUBSET',
  'CLIENTS',
  'STATUS',
  'SERVER',
  'CLIENT',
  'PEER AUTHENTICATION',
  'DESTINATION RULE',
];

/** The tls-check answer: verdict, the per-port table, findings, ruled-out checks, notes. */
export function buildTlsReport(
  decision: TlsDecision,
  context: { target: string; cluster: string; durationMs: number; lead?: string | undefined },
): Report {
  const rows = decision.input?.rows ?? [];
  const findings = decision.findings;
  const problems = findings.filter((f) => f.severity !== 'pass');
  const ruledOut = findings.filter((f) => f.severity === 'pass');
  const sections: Section[] = [];
  if (rows.length > 0)
    sections.push({ kind: 'table', title: 'TLS by port', columns: tlsColumns, rows: rows.map(tableRow) });
  if (problems.length > 0) sections.push({ kind: 'findings', title: 'Findings', findings: problems });
  if (ruledOut.length > 0) sections.push({ kind: 'findings', title: 'Ruled out', findings: ruledOut });
  const deciding = problems.find((f) => f.severity === 'error');
  return {
    command: 'tls-check',
    cluster: context.cluster,
    target: context.target,
    verdict: decision.verdict,
    verdictLabel: verdictLabels[decision.verdict],
    verdictTone: verdictTones[decision.verdict],
    headline: [context.lead, headline(decision, rows, problems, deciding)].filter(Boolean).join(' '),
    sections,
    notes: decision.notes,
    attachments: [],
    data: {
      cause: deciding?.cause ?? null,
      rows: rows.map(jsonRow),
      autoMtls: decision.input?.mesh.enableAutoMtls ?? null,
      rootNamespace: decision.input?.mesh.rootNamespace ?? null,
      fix: deciding?.fix ?? null,
    },
    durationMs: context.durationMs,
  };
}

function headline(
  decision: TlsDecision,
  rows: readonly TlsRow[],
  problems: Finding[],
  deciding: Finding | undefined,
): string {
  if (decision.verdict === 'unknown')
    return decision.unknownWhy ?? 'meshdoc could not read enough to decide (see notes).';
  if (deciding) {
    const more = rows.filter((r) => r.status === 'CONFLICT').length;
    return more > 1 ? `${deciding.message} (${more} rows in conflict.)` : deciding.message;
  }
  const count = (s: TlsRow['status']) => rows.filter((r) => r.status === s).length;
  const warnings = problems.filter((f) => f.severity === 'warning').length;
  const judged = `${rows.length} row${rows.length === 1 ? '' : 's'} checked (${count('AUTO')} AUTO, ${count('OK')} OK): every client sends what its server accepts.`;
  return warnings > 0 ? `${judged} ${warnings} warning${warnings === 1 ? '' : 's'} below.` : judged;
}

function tableRow(r: TlsRow): string[] {
  return [
    `${r.host}:${r.port}`,
    r.subset ?? '-',
    r.clients.join(', '),
    r.status,
    r.server,
    r.client,
    r.peerAuthentication,
    r.destinationRule,
  ];
}

function jsonRow(r: TlsRow) {
  return {
    host: r.host,
    port: r.port,
    subset: r.subset ?? null,
    clients: r.clients,
    status: r.status,
    server: r.server,
    client: r.client,
    peerAuthentication: r.peerAuthentication,
    destinationRule: r.destinationRule,
    pods: r.endpoints.map((e) => ({
      pod: e.pod,
      sidecar: e.sidecar,
      targetPort: e.targetPort ?? null,
      serverMode: e.server?.mode ?? null,
      sends: e.sends,
      works: e.works,
      cause: e.cause ?? null,
    })),
  };
}
