import { describe, expect, it } from 'vitest';
import { findCycles, shortestCycle } from './cycles.js';

describe('findCycles', () => {
  it('returns each strongly connected component once, self-loops included', () => {
    // 0 <-> 1, 2 -> 3 -> 4 -> 2, 5 -> 5, 6 alone, 1 -> 2 (bridge between components)
    const adjacency = [[1], [0, 2], [3], [4], [2], [5], []];
    const components = findCycles(adjacency)
      .map((c) => c.join(','))
      .sort();
    expect(components).toEqual(['0,1', '2,3,4', '5']);
  });

  it('handles a 5,000-module cycle and a 200,000-deep chain without recursion', () => {
    const ring = Array.from({ length: 5000 }, (_, i) => [(i + 1) % 5000]);
    const [component] = findCycles(ring);
    expect(component).toHaveLength(5000);
    expect(shortestCycle(ring, component)).toHaveLength(5001);
    const chain = Array.from({ length: 200_000 }, (_, i) => (i + 1 < 200_000 ? [i + 1] : []));
    expect(findCycles(chain)).toEqual([]);
  });
});

describe('shortestCycle', () => {
  it('finds the shortest cycle through a component, not the first one a DFS meets', () => {
    // 0 -> 1 -> 2 -> 3 -> 0 (length 4) and 2 -> 0 (shortcut: 0 -> 1 -> 2 -> 0)
    const adjacency = [[1], [2], [3, 0], [0]];
    expect(shortestCycle(adjacency, [0, 1, 2, 3])).toEqual([0, 1, 2, 0]);
  });

  it('gives [n, n] for a module importing itself', () => {
    expect(shortestCycle([[0]], [0])).toEqual([0, 0]);
  });
});
