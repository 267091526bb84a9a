import { configDumpFlags } from '../src/proxy/command-flags.ts';
import { defineProxyCommand } from '../src/proxy/define-proxy-command.ts';

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
  flags: configDumpFlags,
  request: {
    sections: ['bootstrap', 'listeners', 'clusters', 'routes', 'endpoints', 'secrets', 'ecds'],
    includeEds: true,
  },

  // The report code (and the Envoy schemas it parses with) loads only when this command runs.
  report: () => import('../src/proxy/reports/config-dump-report.ts').then((m) => m.configDumpReport),
});
