import { describe, expect, it } from 'vitest';
import { createRelocator, ROOT_TOKEN } from './relocate.js';

describe('createRelocator', () => {
  it('replaces the root (not a sibling directory that shares its prefix) and restores it in another checkout', () => {
    const json = JSON.stringify({ sources: ['/work/repo/src/a.js', '/work/repo-2/b.js', '/work/repo'] });
    const stored = createRelocator(['/work/repo']).store(json)!;
    expect(stored).not.toContain('/work/repo/');
    expect(stored).toContain('/work/repo-2/b.js');
    expect(JSON.parse(createRelocator(['/ci/checkout']).replay(stored))).toEqual({
      sources: ['/ci/checkout/src/a.js', '/work/repo-2/b.js', '/ci/checkout'],
    });
  });

  it('refuses text that already holds the token', () => {
    expect(createRelocator(['/work/repo']).store(JSON.stringify(ROOT_TOKEN))).toBeUndefined();
  });
});
