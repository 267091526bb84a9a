import type { CommandContext } from '../../core/command.ts';
import type { FlagValues } from '../../core/flag-spec.ts';
import type { Report } from '../../core/report.ts';
import { certificateFindings } from '../../diagnostics/proxy/certificate-findings.ts';
import { warmingSecretFindings } from '../../diagnostics/proxy/config-state-findings.ts';
import { count } from '../../diagnostics/proxy/proxy-finding.ts';
import type { OpenedDump } from '../../envoy/open-proxy-dump.ts';
import { requireConfigDump } from '../../envoy/open-proxy-dump.ts';
import { readSecrets } from '../../envoy/read-sections.ts';
import { secretItems, secretsTable } from '../../summaries/secrets-table.ts';
import type { secretsFlags } from '../command-flags.ts';
import { missingSection } from '../missing-section.ts';
import { tableReport } from '../proxy-report.ts';

/** Builds the `secrets` report from the loaded dump (the command's spec is in commands/secrets.ts). */
export function secretsReport(
  opened: OpenedDump,
  _filters: FlagValues<typeof secretsFlags>,
  ctx: CommandContext,
): Omit<Report, 'durationMs'> {
  requireConfigDump(opened.dump, 'secrets');
  const view = readSecrets(opened.dump);
  if (!view)
    throw missingSection(
      'secrets',
      'Sidecars without SDS (very old Istio, or a proxy without mTLS certificates) have none.',
    );
  const now = ctx.now();
  const items = secretItems(view);
  const findings = [
    ...certificateFindings(items, now, opened.subject),
    ...warmingSecretFindings(
      view.warming.map((s) => s.name ?? ''),
      opened.subject,
    ),
  ];
  const certs = items.filter((i) => i.cert).length;
  const bad = findings.filter((f) => f.severity === 'error').length;
  const problems =
    findings.length > 0 ? `; ${count(findings.length, 'problem')}${bad > 0 ? ` (${bad} blocking)` : ''}` : '';
  const headline = `${count(view.active.length + view.warming.length, 'secret')} on ${opened.target}, ${count(certs, 'certificate')}${problems}.`;
  return tableReport({
    command: 'secrets',
    opened,
    title: 'Secrets',
    table: secretsTable(view, now),
    headline,
    findings,
    problems: view.problems,
    data: {
      secrets: view.active.length + view.warming.length,
      certificates: certs,
      now: now.toISOString(),
    },
    durationMs: 0,
  });
}
