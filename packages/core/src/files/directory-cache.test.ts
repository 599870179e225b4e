import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { holdsPatterns, walkFiles } from './directory-cache.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function repo(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-walk-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}
/** Age every directory past the racy window, as a checkout made a while ago. */
function age(root: string): void {
  const past = new Date(Date.now() - 60_000);
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory()) visit(path.join(dir, entry.name));
    fs.utimesSync(dir, past, past);
  };
  visit(root);
}

describe('walkFiles with saved listings', () => {
  it('reuses unchanged directories and sees added and removed files', () => {
    const root = repo({ 'a/one.ts': '', 'a/b/two.ts': '', 'c/three.md': '' });
    age(root);
    const stateFile = path.join(root, '.state', 'dirs.json');
    const first = walkFiles(root, { stateFile, exclude: ['.state'] });
    expect(first.files).toEqual(['a/b/two.ts', 'a/one.ts', 'c/three.md']);
    expect(first.reused).toBe(0);

    const second = walkFiles(root, { stateFile, exclude: ['.state'] });
    expect(second.files).toEqual(first.files);
    expect(second.listed).toBe(1); // the root: .state was created in it after the first listing
    expect(second.reused).toBe(3);

    fs.writeFileSync(path.join(root, 'a', 'b', 'new.ts'), '');
    fs.rmSync(path.join(root, 'c', 'three.md'));
    const third = walkFiles(root, { stateFile, exclude: ['.state'] });
    expect(third.files).toEqual(['a/b/new.ts', 'a/b/two.ts', 'a/one.ts']);
  });

  it('prunes ignored directories as the walk meets .gitignore rules, with negations', () => {
    const root = repo({
      '.gitignore': 'build/\n*.tmp\n',
      'build/deep/x.js': '',
      'src/keep.tmp': '',
      'src/a.ts': '',
      'src/.gitignore': '!keep.tmp\n',
      'node_modules/p/index.js': '',
    });
    expect(walkFiles(root).files).toEqual(['.gitignore', 'src/.gitignore', 'src/a.ts', 'src/keep.tmp']);
  });

  it('does not trust a directory listed within the racy window', () => {
    const root = repo({ 'a/one.ts': '' });
    const stateFile = path.join(os.tmpdir(), `wb-walk-state-${process.pid}.json`);
    dirs.push(stateFile);
    walkFiles(root, { stateFile });
    // Same granule: the directory's mtime may not move for this add on a coarse filesystem.
    const before = fs.statSync(path.join(root, 'a')).mtime;
    fs.writeFileSync(path.join(root, 'a', 'two.ts'), '');
    fs.utimesSync(path.join(root, 'a'), before, before);
    expect(walkFiles(root, { stateFile }).files).toEqual(['a/one.ts', 'a/two.ts']);
  });
});

describe('ignore files without patterns', () => {
  it('are not consulted, and a line that only looks like a comment is still a pattern', () => {
    expect(holdsPatterns('')).toBe(false);
    expect(
      holdsPatterns(
        "# git ls-files --others --exclude-from=.git/info/exclude\n# Lines that start with '#' are comments.\n\n   \r\n",
      ),
    ).toBe(false);
    expect(holdsPatterns('# comment\n*.log\n')).toBe(true);
    // gitignore: only a line starting with `#` is a comment; leading spaces make a pattern.
    expect(holdsPatterns('  #odd name\n')).toBe(true);
    expect(holdsPatterns('\\#hash.md\r\n')).toBe(true);
    const root = repo({
      '.git/info/exclude': '# only comments\n\n',
      '.gitignore': '# nothing ignored here\n',
      'docs/.gitignore': '# comment\n  #odd.md\n',
      'docs/  #odd.md': '',
      'docs/a.md': '',
      '#top.md': '',
    });
    expect(walkFiles(root).files).toEqual(['#top.md', '.gitignore', 'docs/.gitignore', 'docs/a.md']);
  });
});
