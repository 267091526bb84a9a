import { routesFlags } from '../src/proxy/command-flags.ts';
import { defineProxyCommand } from '../src/proxy/define-proxy-command.ts';

/** `routes`: route configurations as `istioctl proxy-config routes` prints them. */
export const routes = defineProxyCommand({
  name: 'routes',
  summary:
    "The sidecar's HTTP routes: which host and path go to which cluster, and which VirtualService made them",
  examples: ['routes productpage-v1-6b746f74dc-9stvf -n bookinfo', 'routes --file dump.json --name 9080'],
  flags: routesFlags,
  request: { sections: ['routes'], includeEds: false },

  // The report code (and the Envoy schemas it parses with) loads only when this command runs.
  report: () => import('../src/proxy/reports/routes-report.ts').then((m) => m.routesReport),
});
