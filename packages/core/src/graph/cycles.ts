/**
 * Strongly connected components and shortest cycle witnesses over an adjacency list of
 * node indices. Everything is iterative: a 5,000-module cycle is a 5,000-deep DFS, far past
 * what recursion survives.
 */

/** Components with a cycle: more than one node, or one node that imports itself. Nodes sorted ascending. */
export function findCycles(adjacency: readonly (readonly number[])[]): number[][] {
  const count = adjacency.length;
  const index = new Int32Array(count).fill(-1);
  const lowlink = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const components: number[][] = [];
  // Explicit DFS frames: node and the position of the next edge to follow.
  const frameNode: number[] = [];
  const frameEdge: number[] = [];
  let next = 0;
  for (let startNode = 0; startNode < count; startNode++) {
    if (index[startNode] !== -1) continue;
    frameNode.push(startNode);
    frameEdge.push(0);
    index[startNode] = lowlink[startNode] = next++;
    stack.push(startNode);
    onStack[startNode] = 1;
    while (frameNode.length > 0) {
      const top = frameNode.length - 1;
      const node = frameNode[top];
      const edges = adjacency[node];
      if (frameEdge[top] < edges.length) {
        const target = edges[frameEdge[top]++];
        if (index[target] === -1) {
          index[target] = lowlink[target] = next++;
          stack.push(target);
          onStack[target] = 1;
          frameNode.push(target);
          frameEdge.push(0);
        } else if (onStack[target]) {
          lowlink[node] = Math.min(lowlink[node], index[target]);
        }
        continue;
      }
      frameNode.pop();
      frameEdge.pop();
      if (frameNode.length > 0) {
        const parent = frameNode[frameNode.length - 1];
        lowlink[parent] = Math.min(lowlink[parent], lowlink[node]);
      }
      if (lowlink[node] === index[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = 0;
          component.push(member);
        } while (member !== node);
        if (component.length > 1 || edges.includes(node)) components.push(component.sort((a, b) => a - b));
      }
    }
  }
  return components;
}

/** Shortest cycle from `start` back to itself inside `members` (BFS), as a node list ending with `start`. */
export function shortestCycleFrom(
  adjacency: readonly (readonly number[])[],
  members: ReadonlySet<number>,
  start: number,
): number[] | undefined {
  const parent = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    for (const target of adjacency[node]) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [start];
        for (let at = node; at !== start; at = parent.get(at)!) path.push(at);
        if (node !== start) path.push(start);
        path.reverse();
        return path.length === 1 ? [start, start] : path;
      }
      if (!parent.has(target)) {
        parent.set(target, node);
        queue.push(target);
      }
    }
  }
  return undefined;
}

/**
 * One shortest cycle through a component: the path [a, b, ..., a]. Small components try every
 * start (the true shortest); large ones start from their first node, to stay linear.
 */
export function shortestCycle(
  adjacency: readonly (readonly number[])[],
  component: readonly number[],
  exhaustiveLimit = 300,
): number[] {
  const members = new Set(component);
  const starts = component.length <= exhaustiveLimit ? component : [component[0]];
  let best: number[] | undefined;
  for (const start of starts) {
    const cycle = shortestCycleFrom(adjacency, members, start);
    if (cycle && (!best || cycle.length < best.length)) best = cycle;
    if (best && best.length <= 2) break;
  }
  return best ?? [component[0], component[0]];
}
