import type { Command } from '../../../src/core/command.ts';
import type { Report } from '../../../src/core/report.ts';

/**
 * A stand-in for the table-heavy commands still to come (listeners, routes): a report far larger
 * than one Slack message, with cluster-derived text that needs escaping.
 */
export function bigReportCommand(rows = 400): Command {
  return {
    name: 'big-table',
    summary: 'Test command with a report larger than a Slack message',
    usage: 'big-table <pod>',
    examples: ['big-table pod-1'],
    common: [],
    flags: {},
    positionals: [1, 1],
    async run(positionals, _options, ctx) {
      const reader = await ctx.reader();
      return bigReport(reader.cluster, positionals[0] ?? 'pod', rows);
    },
  };
}

export function bigReport(cluster: string, target: string, rows: number): Report {
  return {
    command: 'big-table',
    cluster,
    target,
    verdict: 'listed',
    headline: `${rows} listeners on ${target}`,
    sections: [
      {
        kind: 'table',
        title: 'Listeners',
        columns: ['ADDRESS', 'PORT', 'MATCH', 'DESTINATION'],
        rows: Array.from({ length: rows }, (_, i) => [
          `10.0.${i % 250}.${i % 7}`,
          String(8000 + i),
          'Trans: raw_buffer; App: http/1.1,h2c',
          `Cluster: outbound|${8000 + i}||svc-${i}.shop.svc.cluster.local`,
        ]),
      },
    ],
    notes: [{ evidence: 'Envoy admin', message: 'read <b>&amp</b> from pod' }],
    attachments: [{ filename: 'config_dump.json', title: 'Redacted config dump', content: '{"configs":[]}' }],
  };
}
