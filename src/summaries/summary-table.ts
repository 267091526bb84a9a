import { goTabwrite } from './go-tabwriter.ts';

/** A table as `istioctl proxy-config` prints it: headers, cells, and the tabwriter padding it uses. */
export type SummaryTable = {
  columns: string[];
  rows: string[][];
  /** Go tabwriter padding of this istioctl table (1 for listeners, 5 for most others). */
  padding: number;
  /** What istioctl prints instead of a table when there is nothing to show, if it does. */
  emptyMessage?: string;
  /** How many resources the rows show, when a resource can take several rows (listener chains, routes). */
  items?: number;
};

/** The table exactly as istioctl prints it (used for attachments and conformance tests). */
export function renderIstioctlTable(table: SummaryTable): string {
  if (table.rows.length === 0 && table.emptyMessage) return `${table.emptyMessage}\n`;
  return goTabwrite([table.columns, ...table.rows], table.padding);
}

/** strings.EqualFold for the ASCII names and addresses these filters compare. */
export function equalFold(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** strconv.Atoi: undefined when Go would return an error. */
export function parseGoInt(s: string | undefined): number | undefined {
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}
