import { compareText } from '../core/compare-text.ts';
/** Up to three names close to `wanted`: shared prefix (pod hash suffixes change) or small edit distance. */
export function closestNames(wanted: string, candidates: readonly string[]): string[] {
  const prefix = wanted.replace(/-[a-z0-9]{4,10}(-[a-z0-9]{5})?$/, '');
  const scored = candidates
    .map((name) => ({
      name,
      score: name.startsWith(prefix) && prefix.length >= 3 ? 0 : editDistance(wanted, name),
    }))
    .filter((s) => s.score <= Math.max(2, Math.floor(wanted.length / 4)))
    .sort((a, b) => a.score - b.score || compareText(a.name, b.name));
  return scored.slice(0, 3).map((s) => s.name);
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 10) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length] ?? 99;
}
