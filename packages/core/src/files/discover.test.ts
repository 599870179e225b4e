import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverFiles } from './discover.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function repo(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-disc-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('discoverFiles', () => {
  it('honours nested .gitignore files, negations, node_modules and .git', async () => {
    const root = repo({
      '.gitignore': 'dist/\n*.log\n',
      'src/a.ts': '',
      'src/debug.log': '',
      'dist/out.js': '',
      'node_modules/x/index.js': '',
      'packages/p/node_modules/y/index.js': '',
      '.git/HEAD': 'ref: refs/heads/main',
      'packages/p/.gitignore': 'generated/\n!keep.log\n',
      'packages/p/keep.log': '',
      'packages/p/other.log': '',
      'packages/p/generated/g.ts': '',
      'packages/p/src/b.ts': '',
    });
    const { files, ignoreFiles } = await discoverFiles(root);
    expect(files).toEqual([
      '.gitignore',
      'packages/p/.gitignore',
      'packages/p/keep.log',
      'packages/p/src/b.ts',
      'src/a.ts',
    ]);
    expect(ignoreFiles).toEqual(['.gitignore', 'packages/p/.gitignore']);
  });

  it('applies include and exclude globs, and can ignore .gitignore', async () => {
    const root = repo({ '.gitignore': 'gen.ts\n', 'a.ts': '', 'b.md': '', 'gen.ts': '', 'sub/c.ts': '' });
    expect((await discoverFiles(root, { include: ['**/*.ts'], exclude: ['sub/**'] })).files).toEqual(['a.ts']);
    expect((await discoverFiles(root, { include: ['**/*.ts'], gitignore: false })).files).toEqual([
      'a.ts',
      'gen.ts',
      'sub/c.ts',
    ]);
  });

  it('lists names with spaces and non-ASCII characters as forward-slashed relative paths', async () => {
    const root = repo({ 'with space/ünïcode файл.md': 'x', '日本/a b.ts': 'y' });
    expect((await discoverFiles(root)).files).toEqual(['with space/ünïcode файл.md', '日本/a b.ts']);
  });

  it('lists symbolic links without following them (no loop)', async () => {
    const root = repo({ 'real/a.ts': 'x' });
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'real', 'loop'));
    fs.symlinkSync(path.join(root, 'missing.ts'), path.join(root, 'broken.ts'));
    const { files } = await discoverFiles(root);
    expect(files).toContain('real/a.ts');
    expect(files).toContain('broken.ts');
    expect(files.filter((f) => f.includes('loop/'))).toEqual([]);
  });
});
