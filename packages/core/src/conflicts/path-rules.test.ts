import { describe, expect, it } from 'vitest';
import { backupFileReason, findCaseCollisions } from './path-rules.js';

describe('backupFileReason', () => {
  it('knows editor, patch and merge-tool leftovers', () => {
    for (const file of [
      'src/a.ts.orig',
      'a.rej',
      'b.bak',
      'notes.md~',
      'src/.#a.ts',
      'src/#a.ts#',
      'src/.a.ts.swp',
      'x.swo',
      'src/app_BACKUP_1234.ts',
      'src/app_REMOTE_99.ts',
    ]) {
      expect(backupFileReason(file), file).toBeDefined();
    }
    for (const file of ['src/original.ts', 'swp.ts', 'src/bak/a.ts', '.gitignore', 'a.ts'])
      expect(backupFileReason(file), file).toBeUndefined();
  });
});

describe('findCaseCollisions', () => {
  it('groups paths equal but for case, at the shallowest colliding level', () => {
    expect(
      findCaseCollisions(['src/Foo/a.ts', 'src/foo/a.ts', 'src/foo/b.ts', 'README.md', 'readme.md', 'x.ts']),
    ).toEqual([
      ['README.md', 'readme.md'],
      ['src/Foo', 'src/foo'],
    ]);
    // Directories shared by many files are folded once; a deep collision still shows at its level.
    expect(
      findCaseCollisions(['a/B/c/d.ts', 'a/B/x.ts', 'a/b/c/e.ts', 'a/b/y.ts', 'a/q/R/1.ts', 'a/q/r/2.ts']),
    ).toEqual([
      ['a/B', 'a/b'],
      ['a/q/R', 'a/q/r'],
    ]);
  });

  it('is Unicode-aware: non-ASCII case and NFC/NFD forms collide', () => {
    expect(findCaseCollisions(['docs/Über.md', 'docs/über.md'])).toEqual([['docs/Über.md', 'docs/über.md']]);
    expect(findCaseCollisions(['caf\u00e9.ts', 'cafe\u0301.ts'])).toHaveLength(1);
    expect(findCaseCollisions(['a.ts', 'b.ts'])).toEqual([]);
  });
});
