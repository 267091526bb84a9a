import type { ImportRule } from '../contract/import-rules.ts';
import type { ImportEdge } from './source-imports.ts';

/** An import that breaks a rule, with the message a failing test prints. */
export type Violation = { rule: string; file: string; specifier: string; message: string };

/** `src/kube/` = anything under it; `node:*` = any builtin; else the path or package (and its subpaths). */
export function matchesPattern(path: string, pattern: string): boolean {
  if (pattern === 'node:*') return path.startsWith('node:');
  if (pattern.endsWith('/')) return path.startsWith(pattern);
  return path === pattern || path.startsWith(`${pattern}/`);
}

/** Every edge that breaks one of `rules`, in edge order. */
export function ruleViolations(edges: readonly ImportEdge[], rules: readonly ImportRule[]): Violation[] {
  const any = (path: string, patterns: readonly string[] | undefined) =>
    (patterns ?? []).some((p) => matchesPattern(path, p));
  return edges.flatMap((edge) =>
    rules
      .filter((r) => any(edge.file, r.importers))
      .filter((r) => !(r.exceptions ?? []).some((e) => matchesPattern(edge.file, e.importer)))
      .filter(
        (r) => any(edge.target, r.forbid) || (r.allowOnly !== undefined && !any(edge.target, r.allowOnly)),
      )
      .map((r) => ({
        rule: r.id,
        file: edge.file,
        specifier: edge.specifier,
        message: `${edge.file} imports '${edge.specifier}': breaks ${r.id} (${r.rule})`,
      })),
  );
}
