import { clustersFlags } from '../src/proxy/command-flags.ts';
import { defineProxyCommand } from '../src/proxy/define-proxy-command.ts';

/** `clusters`: upstream clusters as `istioctl proxy-config clusters` prints them. */
export const clusters = defineProxyCommand({
  name: 'clusters',
  summary: "The sidecar's upstream clusters: services, ports, subsets and the DestinationRule behind each",
  examples: [
    'clusters productpage-v1-6b746f74dc-9stvf -n bookinfo',
    'clusters --file dump.json --fqdn reviews --port 9080',
  ],
  flags: clustersFlags,
  request: { sections: ['clusters'], includeEds: false },

  // The report code (and the Envoy schemas it parses with) loads only when this command runs.
  report: () => import('../src/proxy/reports/clusters-report.ts').then((m) => m.clustersReport),
});
