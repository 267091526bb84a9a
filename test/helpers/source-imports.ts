import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/** One import as written in `file`, and what it points at. */
export type ImportEdge = {
  /** Repo-relative importer, e.g. `src/envoy/open-proxy-dump.ts`. */
  file: string;
  /** The specifier exactly as written: `../gatherers/envoy/live-dump-source.ts`, `node:fs`. */
  specifier: string;
  /** Repo-relative path for relative specifiers, the specifier itself for packages and builtins. */
  target: string;
};

// Static imports and re-exports: `import … from '…'`, `export … from '…'`, `import type …`. The
// clause between keyword and `from` may span lines but holds only names, braces, commas, `*`, `as`,
// `type`; requiring that (and a statement start) keeps strings and comments that mention imports out.
const fromClause = /(?:^|;)[ \t]*(?:import|export)\s[\w$*{}\s,]*?\bfrom\s*(['"])([^'"\n]+)\1/gm;
const sideEffect = /(?:^|;)[ \t]*import\s*(['"])([^'"\n]+)\1/gm;
// `await import('…')` with a literal specifier; a computed one cannot be checked and is not used.
const dynamic = /\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;
// `process.getBuiltinModule('node:fs')` loads a builtin without an import (no ESM facade, see
// src/gatherers/kube/node-http.ts); it counts as an import so the rules cannot be sidestepped.
const builtin = /\bgetBuiltinModule\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;

/** Every specifier a TypeScript source imports, statically, with a literal dynamic import or with getBuiltinModule. */
export function parseImports(source: string): string[] {
  const code = source.replace(/^[ \t]*\/\/.*$/gm, '');
  return [fromClause, sideEffect, dynamic, builtin].flatMap((re) =>
    [...code.matchAll(re)].map((m) => m[2] ?? ''),
  );
}

/** Every file ending in `suffix` (default `.ts`) under `dirs`: repo-relative, posix separators, sorted. */
export function listSources(root: string, dirs: readonly string[], suffix = '.ts'): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = posix.join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return entry.name.endsWith(suffix) ? [path] : [];
    });
  return dirs.flatMap(walk).sort();
}

/** The import edges of every `.ts` file under `dirs`. */
export function sourceImports(root: string, dirs: readonly string[]): ImportEdge[] {
  return listSources(root, dirs).flatMap((file) =>
    parseImports(readFileSync(join(root, file), 'utf8')).map((specifier) => ({
      file,
      specifier,
      target: specifier.startsWith('.')
        ? posix.normalize(posix.join(posix.dirname(file), specifier))
        : specifier,
    })),
  );
}
