import { describe, expect, it } from 'vitest';
import { cyclePath, findBundleCycles, findStronglyConnected } from './bundle-cycles.js';

const graphOf = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe('findStronglyConnected', () => {
  it('finds each cycle once, members sorted, and ignores acyclic parts and unknown targets', () => {
    const graph = graphOf({
      'src/a.ts': ['src/b.ts', 'node_modules/x.js'],
      'src/b.ts': ['src/c.ts'],
      'src/c.ts': ['src/a.ts', 'src/d.ts'],
      'src/d.ts': [],
      'src/e.ts': ['src/e.ts'],
      'src/f.ts': ['src/g.ts'],
      'src/g.ts': ['src/f.ts'],
    });
    expect(findStronglyConnected(graph)).toEqual([
      ['src/a.ts', 'src/b.ts', 'src/c.ts'],
      ['src/e.ts'],
      ['src/f.ts', 'src/g.ts'],
    ]);
  });

  it('handles a long chain without recursion limits', () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 20_000; i++) edges[`m${String(i).padStart(5, '0')}`] = [`m${String(i + 1).padStart(5, '0')}`];
    edges.m20000 = ['m00000'];
    const [component] = findStronglyConnected(graphOf(edges));
    expect(component).toHaveLength(20_001);
  });
});

describe('findBundleCycles', () => {
  it('reports a concrete cycle path starting and ending at the smallest member', () => {
    const graph = graphOf({ 'b.ts': ['c.ts'], 'c.ts': ['a.ts'], 'a.ts': ['b.ts'] });
    expect(cyclePath(graph, ['a.ts', 'b.ts', 'c.ts'])).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    const [finding] = findBundleCycles(graph, 'error');
    expect(finding).toMatchObject({ rule: 'circular-import', severity: 'error', file: 'a.ts', graph: 'bundler' });
    expect(finding.message).toBe('import cycle in the bundle: a.ts -> b.ts -> c.ts -> a.ts');
  });
});
