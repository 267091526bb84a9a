import { count } from '../src/diagnostics/proxy/proxy-finding.ts';
import { requireConfigDump } from '../src/envoy/open-proxy-dump.ts';
import { activeListeners, readListeners } from '../src/envoy/read-sections.ts';
import { defineProxyCommand, missingSection } from '../src/proxy/define-proxy-command.ts';
import { describeFilters, proxyFlags } from '../src/proxy/proxy-filters.ts';
import { tableReport } from '../src/proxy/proxy-report.ts';
import { listenersTable } from '../src/summaries/listeners-table.ts';

/** `listeners`: the sidecar's listeners as `istioctl proxy-config listeners` prints them. */
export const listeners = defineProxyCommand({
  name: 'listeners',
  summary: "The sidecar's Envoy listeners: what it accepts on which address and port, and where it sends it",
  examples: [
    'listeners productpage-v1-6b746f74dc-9stvf -n bookinfo',
    'listeners --file dump.json --port 9080',
    'listeners bookinfo/ratings-v1-85c74b6cb4-4kx2p --type HTTP',
  ],
  flags: {
    port: proxyFlags.port,
    address: proxyFlags.address,
    type: proxyFlags.type,
    verbose: proxyFlags.verbose,
  },
  request: { sections: ['listeners'], includeEds: false },
  build(opened, filters) {
    requireConfigDump(opened.dump, 'listeners');
    const view = readListeners(opened.dump);
    if (!view) throw missingSection('listeners');
    const listeners = activeListeners(view);
    const table = listenersTable(listeners, filters, { verbose: filters.verbose });
    const shown = table.items ?? 0;
    const filtered = describeFilters(filters);
    const chains = filters.verbose ? ` (${count(table.rows.length, 'filter chain')})` : '';
    const headline =
      listeners.length === 0
        ? `${opened.target} has no active listeners: the proxy has no configuration from istiod yet.`
        : filtered
          ? `${shown} of ${count(listeners.length, 'listener')} match ${filtered}${chains}.`
          : `${count(listeners.length, 'listener')} on ${opened.target}${chains}.`;
    return tableReport({
      command: 'listeners',
      opened,
      title: 'Listeners',
      table,
      headline,
      problems: view.problems,
      data: { listeners: listeners.length, shown, filters },
      durationMs: 0,
    });
  },
});
