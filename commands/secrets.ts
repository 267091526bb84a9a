import { secretsFlags } from '../src/proxy/command-flags.ts';
import { defineProxyCommand } from '../src/proxy/define-proxy-command.ts';

/** `secrets`: SDS secrets as `istioctl proxy-config secret` prints them, with certificate problems called out. */
export const secrets = defineProxyCommand({
  name: 'secrets',
  summary:
    "The sidecar's certificates (SDS secrets): validity, serial and expiry, expired or expiring ones called out",
  examples: ['secrets productpage-v1-6b746f74dc-9stvf -n bookinfo', 'secrets --file dump.json'],
  flags: secretsFlags,
  request: { sections: ['secrets'], includeEds: false },

  // The report code (and the Envoy schemas it parses with) loads only when this command runs.
  report: () => import('../src/proxy/reports/secrets-report.ts').then((m) => m.secretsReport),
});
