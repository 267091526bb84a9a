/**
 * Go's text/tabwriter as istioctl uses it (minwidth 0, pad char ' ', no flags), so attached tables are
 * byte-identical to `istioctl proxy-config` output. Each line is a list of cells; every cell but the
 * last is tab-terminated in Go terms, so the last cell is never padded. Column widths are computed per
 * block of consecutive lines that have that column (Go's recursive `format`).
 */
export function goTabwrite(lines: readonly (readonly string[])[], padding: number): string {
  const widths: number[] = [];
  const out: string[] = [];

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i] ?? [];
      let text = '';
      for (let j = 0; j < line.length; j++) {
        const cell = line[j] ?? '';
        text += cell;
        const width = widths[j];
        if (width !== undefined) text += ' '.repeat(Math.max(0, width - runeCount(cell)));
      }
      out.push(text);
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= (lines[current]?.length ?? 0) - 1) continue;
      writeLines(line0, current);
      line0 = current;
      let width = 0;
      for (; current < line1; current++) {
        const line = lines[current] ?? [];
        if (column >= line.length - 1) break;
        width = Math.max(width, runeCount(line[column] ?? '') + padding);
      }
      widths.push(width);
      format(line0, current);
      widths.pop();
      line0 = current;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** Go measures cells in runes (code points), not UTF-16 units. */
export function runeCount(s: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII fast path
  return /^[\x00-\x7f]*$/.test(s) ? s.length : [...s].length;
}
