import type { Finding, Severity } from '../types.js';
import { findCycles, shortestCycle } from './cycles.js';

/** A module graph as a bundler saw it: repo-relative module path -> repo-relative paths it imports statically. */
export type ModuleGraph = ReadonlyMap<string, readonly string[]>;

/** The string graph as index adjacency (nodes sorted), for the engine's cycle algorithms. */
function indexed(graph: ModuleGraph): { nodes: string[]; adjacency: number[][] } {
  const nodes = [...graph.keys()].sort();
  const position = new Map(nodes.map((node, i) => [node, i]));
  const adjacency = nodes.map((node) =>
    (graph.get(node) ?? []).map((target) => position.get(target)).filter((i): i is number => i !== undefined),
  );
  return { nodes, adjacency };
}

/** Strongly connected components with more than one member, or with a self-import (graph/cycles.ts's iterative Tarjan). */
export function findStronglyConnected(graph: ModuleGraph): string[][] {
  const { nodes, adjacency } = indexed(graph);
  return findCycles(adjacency)
    .map((component) => component.map((i) => nodes[i]).sort())
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** One shortest cycle through the component, as the parse-cache graph's witness is chosen. */
export function cyclePath(graph: ModuleGraph, component: readonly string[]): string[] {
  const { nodes, adjacency } = indexed(graph);
  const position = new Map(nodes.map((node, i) => [node, i]));
  return shortestCycle(
    adjacency,
    component.map((node) => position.get(node)!),
  ).map((i) => nodes[i]);
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
  const { nodes, adjacency } = indexed(graph);
  const components = findCycles(adjacency).sort((a, b) => (nodes[a[0]] < nodes[b[0]] ? -1 : 1));
  return components.map((indices) => {
    const component = indices.map((i) => nodes[i]).sort();
    const cycle = shortestCycle(adjacency, indices).map((i) => nodes[i]);
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
