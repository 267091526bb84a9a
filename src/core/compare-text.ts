/**
 * Orders strings by UTF-16 code unit, as Go's sort.Strings (and so istiod and kubectl) does.
 * Not String.prototype.localeCompare: its first call loads ICU's collation data (about 10 ms of
 * every start, `--cpu-prof`), and its order is the user's locale's, not Kubernetes'.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
