import { readFileSync } from 'node:fs';

export type DumpOperation = 'listeners' | 'summary' | 'config-dump';

/**
 * One benchmarked operation on a dump file, from reading the file to the finished answer; modules
 * are imported inside, so loading meshdoc's code counts too. Returns a size figure for the report.
 */
export async function runDumpOperation(op: DumpOperation, file: string): Promise<number> {
  if (op === 'listeners') {
    const { openConfigDump } = await import('../src/envoy/config-dump.ts');
    const { activeListeners, readListeners } = await import('../src/envoy/read-sections.ts');
    const { listenersTable } = await import('../src/summaries/listeners-table.ts');
    const { renderIstioctlTable } = await import('../src/summaries/summary-table.ts');
    const view = readListeners(openConfigDump(readFileSync(file), file));
    const table = listenersTable(view ? activeListeners(view) : [], {}, { verbose: true });
    renderIstioctlTable(table);
    return table.rows.length;
  }
  if (op === 'summary') {
    const { openConfigDump } = await import('../src/envoy/config-dump.ts');
    const { summarizeConfigDump } = await import('../src/summaries/config-dump-summary.ts');
    const dump = openConfigDump(readFileSync(file), file);
    return summarizeConfigDump(dump, new Date(), { kind: 'ConfigDump', name: 'bench' }).findings.length;
  }
  const { configDump } = await import('../commands/config-dump.ts');
  const options = {
    namespace: undefined,
    output: 'text' as const,
    context: undefined,
    from: undefined,
    'save-evidence': undefined,
    flags: { file },
    target: undefined,
    surface: 'cli' as const,
  };
  const ctx = {
    reader: () => Promise.reject(new Error('no cluster in file mode')),
    defaultNamespace: 'default',
    now: () => new Date(),
  };
  const report = await configDump.run([], options, ctx);
  const [attachment] = report.attachments;
  return attachment && 'content' in attachment ? attachment.content.length : 0;
}
