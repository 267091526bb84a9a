/**
 * Splits istioctl's tabwriter output into cells using the header: every cell of a column starts
 * where its header starts (one tabwriter block), so cells with spaces ("Cert Chain", "Inline Route:
 * /x*") split correctly where splitting on whitespace would not. Cells are trimmed.
 */
export function splitIstioctlTable(text: string, columns: readonly string[]): string[][] {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  const header = lines[0] ?? '';
  let from = 0;
  const offsets = columns.map((c) => {
    const at = header.indexOf(c, from);
    if (at < 0) throw new Error(`column "${c}" not in header "${header}"`);
    from = at + c.length;
    return at;
  });
  if (header.trim().replace(/\s+/g, ' ') !== columns.join(' '))
    throw new Error(`header "${header}" is not ${columns.join(' | ')}`);
  return lines.slice(1).map((line) => offsets.map((start, i) => line.slice(start, offsets[i + 1]).trim()));
}

/** istioctl `proxy-config all` output: sections separated by blank lines, optional `------ X ------` titles. */
export function splitAllSummary(text: string): string[] {
  return text
    .split(/\n\n/)
    .map((s) => s.replace(/^------ .* ------$/m, '').replace(/^\n+/, ''))
    .filter((s) => s.trim() !== '')
    .map((s) => (s.endsWith('\n') ? s : `${s}\n`));
}
