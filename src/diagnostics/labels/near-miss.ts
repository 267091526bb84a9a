import type { Pod } from '../../schemas/kube.ts';

/** How a pod misses a selector by exactly one label. */
export type LabelDifference =
  | { kind: 'value'; key: string; want: string; got: string }
  | { kind: 'key'; key: string; want: string; gotKey: string }
  | { kind: 'missing'; key: string; want: string };

export type NearMiss = { pod: Pod; difference: LabelDifference };

/**
 * The pods a selector misses by one label: a different value (`version=v2.0` for `v2`), a key
 * spelt almost the same with the wanted value (`verison`, `App`), or the one label absent. What
 * no other tool shows, and usually the typo behind "selects nothing".
 */
export function nearMisses(selector: Readonly<Record<string, string>>, pods: readonly Pod[]): NearMiss[] {
  const out: NearMiss[] = [];
  for (const pod of pods) {
    const labels = pod.metadata.labels;
    const wrong = Object.entries(selector).filter(([k, v]) => labels[k] !== v);
    const [miss] = wrong;
    if (wrong.length !== 1 || !miss) continue;
    const [key, want] = miss;
    const got = labels[key];
    if (got !== undefined) {
      out.push({ pod, difference: { kind: 'value', key, want, got } });
      continue;
    }
    const gotKey = Object.keys(labels).find((k) => labels[k] === want && similarKeys(k, key));
    out.push({
      pod,
      difference: gotKey ? { kind: 'key', key, want, gotKey } : { kind: 'missing', key, want },
    });
  }
  // The likeliest typo first: a value or key spelt almost the same (v2.0 for v2), then the rest.
  return out.sort((a, b) => closeness(a.difference) - closeness(b.difference));
}

/**
 * The near misses worth showing: those spelt almost like the selector (a typo) when there are any,
 * else all of them (a pod one label away is still the best lead).
 */
export function likelyMisses(selector: Readonly<Record<string, string>>, pods: readonly Pod[]): NearMiss[] {
  const all = nearMisses(selector, pods);
  const close = all.filter((m) => closeness(m.difference) === 0);
  return close.length > 0 ? close : all;
}

/** Misses that are typos (same spelling but a character or two, or a case), not merely other values. */
export function typoMisses(selector: Readonly<Record<string, string>>, pods: readonly Pod[]): NearMiss[] {
  return nearMisses(selector, pods).filter((m) => closeness(m.difference) === 0);
}

function closeness(d: LabelDifference): number {
  if (d.kind === 'key') return 0;
  if (d.kind === 'value') {
    const [x, y] = [d.got.toLowerCase(), d.want.toLowerCase()];
    // v2.0 for v2, Reviews for reviews, reveiws for reviews; but v1 for v2 is another version, not a typo.
    const typo = Math.min(x.length, y.length) >= 4 && editDistance(x, y) <= 2;
    return x.startsWith(y) || y.startsWith(x) || typo ? 0 : 1;
  }
  return 2;
}

/** `version=v2.0 (wanted v2)`, `verison=v2 (wanted version=v2)`, `no version label (wanted v2)`. */
export function describeDifference(d: LabelDifference): string {
  switch (d.kind) {
    case 'value':
      return `${d.key}=${d.got} (wanted ${d.key}=${d.want})`;
    case 'key':
      return `${d.gotKey}=${d.want} (wanted ${d.key}=${d.want})`;
    case 'missing':
      return `no ${d.key} label (wanted ${d.key}=${d.want})`;
  }
}

/** Same key but for case, or at most two edits apart (a typo), and not a different short word. */
function similarKeys(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  return Math.min(a.length, b.length) >= 4 && editDistance(a.toLowerCase(), b.toLowerCase()) <= 2;
}

/** Levenshtein distance (a transposed pair, `verison`, counts 2). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
