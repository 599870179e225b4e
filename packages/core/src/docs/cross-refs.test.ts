import { describe, expect, it } from 'vitest';
import { suggestAnchor } from './cross-refs.js';

describe('suggestAnchor', () => {
  it('suggests the exact case-insensitive match, else the closest typo, else a shared start', () => {
    const anchors = ['overview', 'install', 'Usage', 'configuration-options'];
    expect(suggestAnchor('usage', anchors)).toBe('Usage');
    expect(suggestAnchor('instal', anchors)).toBe('install');
    expect(suggestAnchor('configuration', anchors)).toBe('configuration-options');
    expect(suggestAnchor('zzz', anchors)).toBeUndefined();
  });

  it('gives up without a suggestion once the budget for the file is spent, and charges every comparison', () => {
    const anchors = Array.from({ length: 1000 }, (_, i) => `heading-${i}`);
    const budget = { cells: 5_000 };
    expect(suggestAnchor('heading-999x', anchors, budget)).toBeUndefined();
    expect(budget.cells).toBeLessThan(0);
    // The exact match costs no comparisons: it is found even with nothing left.
    expect(suggestAnchor('HEADING-5', anchors, budget)).toBe('heading-5');
    expect(suggestAnchor('heading-999x', anchors, { cells: 1_000_000 })).toBe('heading-999');
  });
});
