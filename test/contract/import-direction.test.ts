import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FolderCycle, findFolderCycles } from '../helpers/find-folder-cycles.ts';
import { ruleViolations } from '../helpers/rule-violations.ts';
import { type ImportEdge, parseImports, sourceImports } from '../helpers/source-imports.ts';
import { importRules, type KnownViolation, knownViolations, noFolderCycle } from './import-rules.ts';

// The dependency direction of architecture-examples.md §3, enforced on every .ts under src/ and
// commands/. The rules and the list of known violations live in import-rules.ts.

const root = fileURLToPath(new URL('../../', import.meta.url));
const edges = sourceImports(root, ['src', 'commands']);

/** Graph nodes: each top-level src/ folder or file, and commands/ as one node; packages are not nodes. */
function folderOf(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] === 'commands') return 'commands';
  if (parts[0] !== 'src' || parts.length < 2) return undefined;
  return parts.length > 2 ? `src/${parts[1]}` : path;
}

const isKnown = (v: { rule: string; file: string; specifier: string }) =>
  knownViolations.some((k) => k.rule === v.rule && k.file === v.file && k.specifier === v.specifier);

const describeEdge = (e: ImportEdge) => `${e.file} imports '${e.specifier}'`;

function describeCycle(cycle: FolderCycle): string {
  const hops = cycle.hops.map(({ edges: hop }) => {
    const more = hop.length > 1 ? ` (+${hop.length - 1} more)` : '';
    return `${hop.map(describeEdge)[0]}${more}`;
  });
  return `${noFolderCycle}: folder cycle ${cycle.folders.join(' → ')}: ${hops.join('; ')}`;
}

const cycleEdgesUnlisted = edges.filter((e) => !isKnown({ ...e, rule: noFolderCycle }));

describe('import direction (src/ and commands/)', () => {
  it('reads the imports it checks', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(
      parseImports(
        [
          "import { a,\n  type B } from './a.ts';",
          "export * from '../b.ts';",
          "import './c.ts';",
          "  const m = await import('../d.ts');",
          "// import { x } from './commented-out.ts';",
          "const s = 'text from \\'./not-an-import.ts\\'';",
        ].join('\n'),
      ),
    ).toEqual(['./a.ts', '../b.ts', './c.ts', '../d.ts']);
  });

  it('every import follows the direction rules', () => {
    const broken = ruleViolations(edges, importRules).filter((v) => !isKnown(v));
    expect(broken.map((v) => v.message)).toEqual([]);
  });

  it('no cycle among top-level src/* folders (and commands/)', () => {
    const cycles = findFolderCycles(cycleEdgesUnlisted, folderOf);
    expect(cycles.map(describeCycle)).toEqual([]);
  });

  // A fixed violation must leave the list in the same change, so the list only ever shrinks.
  it('every known violation still exists', () => {
    const allCycles = findFolderCycles(edges, folderOf);
    const stillThere = (k: KnownViolation): boolean => {
      if (k.rule !== noFolderCycle) return ruleViolations(edges, importRules).some((v) => matches(v, k));
      const edge = edges.find((e) => e.file === k.file && e.specifier === k.specifier);
      const [from, to] = [edge && folderOf(edge.file), edge && folderOf(edge.target)];
      return allCycles.some((c) => c.component.includes(from ?? '') && c.component.includes(to ?? ''));
    };
    const stale = knownViolations
      .filter((k) => !stillThere(k))
      .map(
        (k) =>
          `${k.file} imports '${k.specifier}' no longer breaks ${k.rule}: delete it from knownViolations`,
      );
    expect(stale).toEqual([]);
  });

  it('finds a cycle and names its imports', () => {
    const edge = (file: string, target: string): ImportEdge => ({ file, specifier: target, target });
    const cycles = findFolderCycles(
      [
        edge('src/a/x.ts', 'src/b/y.ts'),
        edge('src/b/y.ts', 'src/c/z.ts'),
        edge('src/c/z.ts', 'src/a/w.ts'),
        edge('src/c/z.ts', 'src/d.ts'),
      ],
      folderOf,
    );
    expect(cycles.map(describeCycle)).toEqual([
      `${noFolderCycle}: folder cycle src/a → src/b → src/c → src/a: src/a/x.ts imports 'src/b/y.ts'; src/b/y.ts imports 'src/c/z.ts'; src/c/z.ts imports 'src/a/w.ts'`,
    ]);
  });
});

function matches(v: { rule: string; file: string; specifier: string }, k: KnownViolation): boolean {
  return v.rule === k.rule && v.file === k.file && v.specifier === k.specifier;
}
