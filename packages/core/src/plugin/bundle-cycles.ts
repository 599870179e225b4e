import type { Finding, Severity } from '../types.js';

/** A module graph as a bundler saw it: repo-relative module path -> repo-relative paths it imports statically. */
export type ModuleGraph = ReadonlyMap<string, readonly string[]>;

/** Strongly connected components with more than one member, or with a self-import (iterative Tarjan). */
export function findStronglyConnected(graph: ModuleGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  const nodes = [...graph.keys()].sort();
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const target = edges[frame.next++];
        if (!graph.has(target)) continue;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && (graph.get(member) ?? []).includes(member);
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  }
  return components.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** One concrete cycle through the first (smallest) member, by breadth-first search inside the component. */
export function cyclePath(graph: ModuleGraph, component: readonly string[]): string[] {
  const members = new Set(component);
  const start = component[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const target of graph.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [...component, start];
}

/**
 * `circular-import` findings from the bundler's graph; each finding names one cycle and every
 * member, at the import that starts the cycle when `locate` finds it.
 */
export function findBundleCycles(
  graph: ModuleGraph,
  severity: Severity = 'warning',
  locate?: (from: string, to: string) => { line: number; column: number } | undefined,
): Finding[] {
  return findStronglyConnected(graph).map((component) => {
    const cycle = cyclePath(graph, component);
    const at = cycle.length > 1 ? locate?.(cycle[0], cycle[1]) : undefined;
    return {
      rule: 'circular-import',
      severity,
      file: cycle[0],
      line: at?.line ?? 0,
      column: at?.column ?? 0,
      message: `import cycle in the bundle: ${cycle.join(' -> ')}`,
      cycle,
      members: component,
      graph: 'bundler',
    };
  });
}
