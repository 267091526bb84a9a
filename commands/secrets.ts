import { certificateFindings } from '../src/diagnostics/proxy/certificate-findings.ts';
import { warmingSecretFindings } from '../src/diagnostics/proxy/config-state-findings.ts';
import { count } from '../src/diagnostics/proxy/proxy-finding.ts';
import { requireConfigDump } from '../src/envoy/open-proxy-dump.ts';
import { readSecrets } from '../src/envoy/read-sections.ts';
import { defineProxyCommand, missingSection } from '../src/proxy/define-proxy-command.ts';
import { tableReport } from '../src/proxy/proxy-report.ts';
import { secretItems, secretsTable } from '../src/summaries/secrets-table.ts';

/** `secrets`: SDS secrets as `istioctl proxy-config secret` prints them, with certificate problems called out. */
export const secrets = defineProxyCommand({
  name: 'secrets',
  summary:
    "The sidecar's certificates (SDS secrets): validity, serial and expiry, expired or expiring ones called out",
  examples: ['secrets productpage-v1-6b746f74dc-9stvf -n bookinfo', 'secrets --file dump.json'],
  flags: {},
  request: { sections: ['secrets'], includeEds: false },
  build(opened, _filters, ctx) {
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
      findings.length > 0
        ? `; ${count(findings.length, 'problem')}${bad > 0 ? ` (${bad} blocking)` : ''}`
        : '';
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
  },
});
