import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

// What Node loads before a module runs: its static `import … from` / `export … from` / side-effect
// imports. `import type` and `export type` are erased by type stripping and are not edges; an
// inline-type import (`import { type A } from`) is kept by Node as `import {} from` and still
// loads its module, so it is an edge. Dynamic `import()` is not followed: that is the point.
const fromClause = /(?:^|;)[ \t]*(import|export)(\s+type)?\s[\w$*{}\s,]*?\bfrom\s*(['"])([^'"\n]+)\3/gm;
const sideEffect = /(?:^|;)[ \t]*import\s*(['"])([^'"\n]+)\1/gm;

const dynamicImport = /\bimport\(\s*(['"])([^'"\n]+)\1\s*\)/g;

/** The specifiers a TypeScript source loads statically (type-only imports excluded), and with `dynamic` its `import('…')`s. */
export function staticRuntimeImports(source: string, dynamic = false): string[] {
  const code = source.replace(/^[ \t]*\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
  const fromImports = [...code.matchAll(fromClause)].filter((m) => !m[2]).map((m) => m[4] ?? '');
  const bare = [...code.matchAll(sideEffect)].map((m) => m[2] ?? '');
  const later = dynamic ? [...code.matchAll(dynamicImport)].map((m) => m[2] ?? '') : [];
  return [...fromImports, ...bare, ...later];
}

/** The package of a bare specifier (`@scope/name/sub` → `@scope/name`), or the builtin (`node:http`). */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.')) return undefined;
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Walks the static import graph from `entry` (repo-relative) through the repository's own files
 * (and with `followDynamic`, the `import('…')`s with a literal specifier too).
 * Returns, for every package or `node:` builtin reached, one chain of files that reaches it (entry first).
 */
export function packagesReachedFrom(
  root: string,
  entry: string,
  options: { followDynamic?: boolean } = {},
): Map<string, string[]> {
  return walk(root, entry, options).packages;
}

/** The repository's own files the static graph from `entry` reaches, each with one chain that does. */
export function filesReachedFrom(root: string, entry: string): Map<string, string[]> {
  return walk(root, entry, {}).files;
}

function walk(
  root: string,
  entry: string,
  options: { followDynamic?: boolean },
): { packages: Map<string, string[]>; files: Map<string, string[]> } {
  const reached = new Map<string, string[]>();
  const via = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const chain = via.get(file) ?? [file];
    for (const specifier of staticRuntimeImports(
      readFileSync(join(root, file), 'utf8'),
      options.followDynamic,
    )) {
      const pkg = packageOf(specifier);
      if (pkg) {
        if (!reached.has(pkg)) reached.set(pkg, chain);
        continue;
      }
      const target = posix.normalize(posix.join(posix.dirname(file), specifier));
      if (via.has(target)) continue;
      via.set(target, [...chain, target]);
      queue.push(target);
    }
  }
  return { packages: reached, files: via };
}
