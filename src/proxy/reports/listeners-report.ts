import type { CommandContext } from '../../core/command.ts';
import type { FlagValues } from '../../core/flag-spec.ts';
import type { Report } from '../../core/report.ts';
import { count } from '../../diagnostics/proxy/proxy-finding.ts';
import type { OpenedDump } from '../../envoy/open-proxy-dump.ts';
import { requireConfigDump } from '../../envoy/open-proxy-dump.ts';
import { activeListeners, readListeners } from '../../envoy/read-sections.ts';
import { listenersTable } from '../../summaries/listeners-table.ts';
import type { listenersFlags } from '../command-flags.ts';
import { missingSection } from '../missing-section.ts';
import { describeFilters } from '../proxy-filters.ts';
import { tableReport } from '../proxy-report.ts';

/** Builds the `listeners` report from the loaded dump (the command's spec is in commands/listeners.ts). */
export function listenersReport(
  opened: OpenedDump,
  filters: FlagValues<typeof listenersFlags>,
  _ctx: CommandContext,
): Omit<Report, 'durationMs'> {
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
}
