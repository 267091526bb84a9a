import { endpointsFlags } from '../src/proxy/command-flags.ts';
import { defineProxyCommand } from '../src/proxy/define-proxy-command.ts';

/**
 * `endpoints`: from a config dump taken with include_eds, the EDS table (`istioctl proxy-config eds`:
 * NAME, STATUS, LOCALITY, CLUSTER); from Envoy's /clusters?format=json, the table of `istioctl
 * proxy-config endpoint` (ENDPOINT, STATUS, OUTLIER CHECK, CLUSTER). Unhealthy endpoints are findings.
 */
export const endpoints = defineProxyCommand({
  name: 'endpoints',
  summary: 'The endpoints behind each cluster and their health; unhealthy ones are called out',
  examples: [
    'endpoints productpage-v1-6b746f74dc-9stvf -n bookinfo',
    'endpoints --file dump.json --status unhealthy',
    'endpoints --file dump.json --cluster "outbound|9080||reviews.bookinfo.svc.cluster.local"',
  ],
  flags: endpointsFlags,
  request: { sections: ['endpoints'], includeEds: true },

  // The report code (and the Envoy schemas it parses with) loads only when this command runs.
  report: () => import('../src/proxy/reports/endpoints-report.ts').then((m) => m.endpointsReport),
});
