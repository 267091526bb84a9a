import type { ImportEdge } from './source-imports.ts';

/** A cycle between folders, e.g. envoy → gatherers → envoy, with the file imports behind each hop. */
export type FolderCycle = {
  /** One shortest cycle, first folder repeated at the end. */
  folders: string[];
  hops: { from: string; to: string; edges: ImportEdge[] }[];
  /** Every folder tangled with it (the strongly connected component), sorted. */
  component: string[];
};

/**
 * Cycles in the graph whose nodes are `folderOf(path)` (undefined = not a node, e.g. a package).
 * One shortest cycle per strongly connected component, so every tangle is named once and the
 * message stays readable; breaking it may reveal the next one, which the next run names.
 */
export function findFolderCycles(
  edges: readonly ImportEdge[],
  folderOf: (path: string) => string | undefined,
): FolderCycle[] {
  const hopEdges = new Map<string, ImportEdge[]>();
  const next = new Map<string, Set<string>>();
  for (const edge of edges) {
    const from = folderOf(edge.file);
    const to = folderOf(edge.target);
    if (from === undefined || to === undefined || from === to) continue;
    const key = `${from}\0${to}`;
    hopEdges.set(key, [...(hopEdges.get(key) ?? []), edge]);
    next.set(from, (next.get(from) ?? new Set()).add(to));
    if (!next.has(to)) next.set(to, new Set());
  }
  return stronglyConnected(next)
    .filter((component) => component.length > 1)
    .map((component) => {
      const folders = shortestCycle(component, next);
      const hops = folders.slice(0, -1).map((from, i) => {
        const to = folders[i + 1] ?? from;
        return { from, to, edges: hopEdges.get(`${from}\0${to}`) ?? [] };
      });
      return { folders, hops, component };
    });
}

/** Tarjan's algorithm; components and their members sorted so messages are stable. */
function stronglyConnected(next: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const to of [...(next.get(node) ?? [])].sort()) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    components.push(component.sort());
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return components.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/** Breadth-first from the component's first folder back to itself, staying inside the component. */
function shortestCycle(
  component: readonly string[],
  next: ReadonlyMap<string, ReadonlySet<string>>,
): string[] {
  const start = component[0] ?? '';
  const inside = new Set(component);
  const parent = new Map<string, string>();
  const queue = [start];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    for (const to of [...(next.get(node) ?? [])].sort()) {
      if (!inside.has(to)) continue;
      if (to === start) {
        const path = [node];
        for (let at = parent.get(node); at !== undefined; at = parent.get(at)) path.unshift(at);
        return [...path, start];
      }
      if (!parent.has(to) && to !== start) {
        parent.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}
