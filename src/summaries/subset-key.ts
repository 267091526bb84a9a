/** A cluster name split the way istioctl does (`pilot/pkg/model/service.go` ParseSubsetKey). */
export type SubsetKey = { direction: string; port: number; subset: string; fqdn: string };

/**
 * `direction|port|subset|fqdn`, or the DNS-SRV form `outbound_.port_.subset_.fqdn`. Like Go, stops at
 * the first missing separator and leaves the rest empty; a non-numeric port becomes 0.
 */
export function parseSubsetKey(name: string): SubsetKey {
  const key: SubsetKey = { direction: '', port: 0, subset: '', fqdn: '' };
  const sep = name.startsWith('outbound_') || name.startsWith('inbound_') ? '_.' : '|';
  let rest = name;
  const cut = (): string | undefined => {
    const at = rest.indexOf(sep);
    if (at < 0) return undefined;
    const head = rest.slice(0, at);
    rest = rest.slice(at + sep.length);
    return head;
  };
  const direction = cut();
  if (direction === undefined) return key;
  key.direction = direction;
  const port = cut();
  if (port === undefined) return key;
  key.port = goAtoi(port);
  const subset = cut();
  if (subset === undefined) return key;
  key.subset = subset;
  if (!rest.includes(sep)) key.fqdn = rest;
  return key;
}

/** istioctl only parses names with more than three `|`-separated parts; others sort by their name. */
export function safeSubsetKey(name: string): SubsetKey {
  return name.split('|').length > 3
    ? parseSubsetKey(name)
    : { direction: '', port: 0, subset: '', fqdn: name };
}

/** istioctl's cluster order: FQDN, then subset, then port, then direction. */
export function lessBySubsetKey(a: SubsetKey, b: SubsetKey): boolean {
  if (a.fqdn !== b.fqdn) return a.fqdn < b.fqdn;
  if (a.subset !== b.subset) return a.subset < b.subset;
  if (a.port !== b.port) return a.port < b.port;
  return a.direction < b.direction;
}

/** strconv.Atoi: optional sign and decimal digits, else 0 (the error is ignored by the caller). */
export function goAtoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) return 0;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : 0;
}
