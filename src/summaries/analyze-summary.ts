import type { AnalyzeMessage } from '../schemas/istioctl.ts';

/** One line per code: severity, code, count, the objects it names (first few), an example, the doc link. */
export type AnalyzeCodeLine = {
  level: string;
  code: string;
  count: number;
  objects: string;
  example: string;
  docs: string | undefined;
  /** The meshdoc command that explains this code from the cluster's objects, when there is one. */
  explainedBy: string | undefined;
};

const levelRank: Record<string, number> = { Error: 0, Warning: 1, Info: 2 };

// Where meshdoc's own checks cover the ground of an IST code (istio-semantics.md §6.3).
const explainers: Record<string, string> = {
  IST0101: 'labels',
  IST0116: 'labels',
  IST0118: 'labels',
  IST0137: 'labels',
  IST0173: 'labels',
  IST0174: 'labels',
  IST0102: 'why-not-injected',
  IST0103: 'why-not-injected',
  IST0123: 'why-not-injected',
  IST0128: 'tls-check',
  IST0129: 'tls-check',
};

/** istioctl analyze's messages grouped by severity, then by code. */
export function analyzeCodeLines(messages: readonly AnalyzeMessage[]): AnalyzeCodeLine[] {
  const byCode = new Map<string, AnalyzeMessage[]>();
  for (const m of messages)
    byCode.set(`${m.level}\u0000${m.code}`, [...(byCode.get(`${m.level}\u0000${m.code}`) ?? []), m]);
  return [...byCode.values()]
    .map((group) => {
      const [first] = group;
      const objects = [...new Set(group.map((m) => m.origin ?? '(no object)'))];
      return {
        level: first?.level ?? 'Info',
        code: first?.code ?? '',
        count: group.length,
        objects:
          objects.length > 3
            ? `${objects.slice(0, 3).join(', ')} +${objects.length - 3} more`
            : objects.join(', '),
        example: first?.message ?? '',
        docs: first?.documentationUrl?.replace(/\?ref=istioctl-analyze$/, ''),
        explainedBy: explainers[first?.code ?? ''],
      };
    })
    .sort(
      (a, b) =>
        (levelRank[a.level] ?? 3) - (levelRank[b.level] ?? 3) ||
        (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
    );
}
