import { listenersFlags } from '../src/proxy/command-flags.ts';
import { defineProxyCommand } from '../src/proxy/define-proxy-command.ts';

/** `listeners`: the sidecar's listeners as `istioctl proxy-config listeners` prints them. */
export const listeners = defineProxyCommand({
  name: 'listeners',
  summary: "The sidecar's Envoy listeners: what it accepts on which address and port, and where it sends it",
  examples: [
    'listeners productpage-v1-6b746f74dc-9stvf -n bookinfo',
    'listeners --file dump.json --port 9080',
    'listeners bookinfo/ratings-v1-85c74b6cb4-4kx2p --type HTTP',
  ],
  flags: listenersFlags,
  request: { sections: ['listeners'], includeEds: false },

  // The report code (and the Envoy schemas it parses with) loads only when this command runs.
  report: () => import('../src/proxy/reports/listeners-report.ts').then((m) => m.listenersReport),
});
