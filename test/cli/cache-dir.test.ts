import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeFiles } from './helpers.js';

/** Root may mount; an unprivileged sandbox may not, and then the read-only cases cannot be made real. */
function canMount(): boolean {
  const dir = tempDir('wb-mount-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dir]).status === 0;
  if (mounted) spawnSync('umount', [dir]);
  return mounted;
}
const mountable = canMount();

function mountTmpfs(dir: string, readOnly: boolean): void {
  fs.mkdirSync(dir, { recursive: true });
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', `${readOnly ? 'ro,' : ''}size=1m`, 'tmpfs', dir], {
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
}

function smallRepo(): string {
  return writeFiles(tempDir(), {
    'src/a.ts': "import { b } from './b';\nexport const a = b;\n",
    'src/b.ts': 'export const b = 1;\n',
    'README.md': '# Hi\n',
  });
}

describe('cache directory ownership', () => {
  it("cache clear and prune refuse a directory without warmbuild's marker, and check does not adopt it", () => {
    const root = smallRepo();
    const x = tempDir('wb-foreign-');
    writeFiles(x, { 'api/v1/users.ts': 'export const users = [];\n', 'api/README.md': '# API\n' });
    const api = path.join(x, 'api');
    const snapshot = () => (fs.readdirSync(x, { recursive: true }) as string[]).sort();
    const before = snapshot();

    const clear = runCli(['cache', 'clear', root, '--cache-dir', api]);
    expect(clear.code).toBe(2);
    expect(clear.stderr).toContain(`refusing to clear ${api}`);
    expect(clear.stderr).not.toContain('internal error');
    const prune = runCli(['cache', 'prune', root, '--cache-dir', api, '--max-size', '0.001']);
    expect(prune.code).toBe(2);
    expect(prune.stderr).toContain(`refusing to prune ${api}`);
    // A run with that directory goes on without the disk cache instead of writing a marker into it.
    const check = runCli(['check', root, '--cache-dir', api, '--format', 'json']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout).stats.cache.diskEnabled).toBe(false);
    expect(check.stderr).toContain('which warmbuild did not write');
    expect(runCli(['cache', 'clear', root, '--cache-dir', api]).code).toBe(2);
    expect(snapshot()).toEqual(before);
    expect(fs.readFileSync(path.join(api, 'v1/users.ts'), 'utf8')).toBe('export const users = [];\n');
  });

  it('cache clear removes only what warmbuild wrote in its own directory', () => {
    const root = smallRepo();
    const cacheDir = path.join(tempDir('wb-own-'), 'cache');
    expect(runCli(['check', root, '--cache-dir', cacheDir]).code).toBe(0);
    expect(fs.existsSync(path.join(cacheDir, 'v1/meta.json'))).toBe(true);
    fs.writeFileSync(path.join(cacheDir, 'v1/notes.txt'), 'mine\n');
    fs.writeFileSync(path.join(cacheDir, 'keep.txt'), 'mine too\n');
    const clear = runCli(['cache', 'clear', root, '--cache-dir', cacheDir]);
    expect(clear.code).toBe(0);
    expect(clear.stdout).toContain('left 1 entries warmbuild did not write: notes.txt');
    // The marker stays while anything is left, so the directory is still known as warmbuild's.
    expect(fs.readdirSync(path.join(cacheDir, 'v1')).sort()).toEqual(['meta.json', 'notes.txt']);
    expect(fs.readFileSync(path.join(cacheDir, 'keep.txt'), 'utf8')).toBe('mine too\n');
    fs.rmSync(path.join(cacheDir, 'v1/notes.txt'));
    expect(runCli(['check', root, '--cache-dir', cacheDir]).code).toBe(0);
    expect(runCli(['cache', 'clear', root, '--cache-dir', cacheDir]).stdout).toContain(`cleared ${cacheDir}`);
    expect(fs.existsSync(path.join(cacheDir, 'v1'))).toBe(false);
    expect(runCli(['cache', 'clear', root, '--cache-dir', cacheDir]).stdout).toContain('nothing to clear');
  });

  it('a config cacheDir outside the repository needs --cache-dir or WARMBUILD_CACHE_DIR; cache stats and clear read the config', () => {
    const parent = tempDir('wb-escape-');
    const root = path.join(parent, 'repo');
    smallRepoAt(root);
    const victim = path.join(parent, 'victim');
    writeFiles(victim, { 'v1/meta.json': '{"owner":"someone else"}' });
    writeFiles(root, { 'warmbuild.config.json': { cache: { cacheDir: '../victim' } } });
    const refused = runCli(['check', root]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('warmbuild.config.json: cache.cacheDir "../victim" resolves to');
    expect(refused.stderr).toContain('WARMBUILD_CACHE_DIR');
    expect(runCli(['cache', 'clear', root]).code).toBe(2);
    expect(fs.readFileSync(path.join(victim, 'v1/meta.json'), 'utf8')).toBe('{"owner":"someone else"}');
    // A symbolic link inside the repository does not hide the escape.
    fs.symlinkSync(victim, path.join(root, 'link'));
    writeFiles(root, { 'warmbuild.config.json': { cache: { cacheDir: 'link/cache' } } });
    expect(runCli(['check', root]).stderr).toContain('outside the repository');

    // Named by whoever runs the command, any directory is fine.
    const shared = path.join(parent, 'shared-cache');
    writeFiles(root, { 'warmbuild.config.json': { cache: { cacheDir: '../shared-cache' } } });
    expect(runCli(['check', root], { env: { WARMBUILD_CACHE_DIR: shared } }).code).toBe(0);
    expect(fs.existsSync(path.join(shared, 'v1/meta.json'))).toBe(true);
    expect(runCli(['check', root, '--cache-dir', shared]).code).toBe(0);

    // Inside the repository, the config is honoured by check, cache stats and cache clear alike.
    writeFiles(root, { 'warmbuild.config.json': { cache: { cacheDir: '.wbcache' } } });
    expect(runCli(['check', root]).code).toBe(0);
    const inside = path.join(root, '.wbcache');
    expect(fs.existsSync(path.join(inside, 'v1/meta.json'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'node_modules/.cache/warmbuild'))).toBe(false);
    const stats = JSON.parse(runCli(['cache', 'stats', root, '--format', 'json']).stdout);
    expect(stats.cacheDir).toBe(inside);
    expect(stats.entries).toBeGreaterThan(0);
    expect(runCli(['cache', 'clear', root]).stdout).toContain(`cleared ${inside}`);
    expect(fs.existsSync(path.join(inside, 'v1'))).toBe(false);
  });

  it('a cache directory inside the repository is not scanned as repository files', () => {
    const root = smallRepo();
    const cacheDir = path.join(root, 'build cache');
    runCli(['check', root, '--cache-dir', cacheDir]);
    const warm = JSON.parse(runCli(['check', root, '--cache-dir', cacheDir, '--format', 'json']).stdout);
    expect(warm.stats.files.total).toBe(3);
    expect(warm.stats.cache.misses).toBe(0);
  });

  it('prune removes temp files older than an hour that killed runs left, and keeps fresh ones', () => {
    const root = smallRepo();
    const cacheDir = path.join(tempDir('wb-tmp-'), 'cache');
    runCli(['check', root, '--cache-dir', cacheDir]);
    const v1 = path.join(cacheDir, 'v1');
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    const stale = [
      '.meta.json.4242.0badc0de.tmp',
      '.last-run.json.4242.deadbeef.tmp',
      'state/.files-0123456789abcdef.json.77.00aa11bb.tmp',
      'packs/docs.pack.lock',
    ];
    for (const rel of stale) {
      fs.writeFileSync(path.join(v1, rel), '');
      fs.utimesSync(path.join(v1, rel), old, old);
    }
    const fresh = path.join(v1, '.usage.json.4243.0123abcd.tmp');
    fs.writeFileSync(fresh, '');
    const pruned = JSON.parse(runCli(['cache', 'prune', root, '--cache-dir', cacheDir, '--format', 'json']).stdout);
    expect(pruned.staleTemps).toBe(stale.length);
    for (const rel of stale) expect(fs.existsSync(path.join(v1, rel))).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    expect(fs.existsSync(path.join(v1, 'meta.json'))).toBe(true);

    // The end-of-run bound enforcement (a run that wrote past cache.maxDiskSize) sweeps them too.
    const leftover = path.join(v1, '.last-run.json.999.feedf00d.tmp');
    fs.writeFileSync(leftover, '');
    fs.utimesSync(leftover, old, old);
    writeFiles(root, { 'warmbuild.config.json': { cache: { maxDiskSize: 1 } }, 'src/c.ts': 'export const c = 3;\n' });
    expect(runCli(['check', root, '--cache-dir', cacheDir]).code).toBe(0);
    expect(fs.existsSync(leftover)).toBe(false);
  });

  it('clear on a file, or on a read-only file system, names the path and the fix', () => {
    const root = smallRepo();
    const file = path.join(tempDir('wb-file-'), 'not-a-dir');
    fs.writeFileSync(file, 'x');
    for (const dir of [file, path.join(file, 'sub')]) {
      const result = runCli(['cache', 'clear', root, '--cache-dir', dir]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`cache directory ${dir} is a file, or a path through a file`);
      expect(result.stderr).toContain('fix: pass --cache-dir');
      expect(result.stderr).not.toMatch(/internal error|ENOTDIR: /);
    }
  });

  it.skipIf(!mountable)(
    'on a read-only file system: clear says read-only and how to fix it; check warns read-only, not ENOENT',
    () => {
      const root = smallRepo();
      const mountPoint = tempDir('wb-ro-');
      mountTmpfs(mountPoint, true);
      try {
        const check = runCli(['check', root, '--cache-dir', path.join(mountPoint, 'cache'), '--format', 'json']);
        expect(check.code).toBe(0);
        expect(check.stderr).toContain('read-only file system');
        expect(check.stderr).toContain('EROFS');
        expect(check.stderr).not.toContain('ENOENT');
      } finally {
        spawnSync('umount', [mountPoint]);
      }
      mountTmpfs(mountPoint, false);
      try {
        const cacheDir = path.join(mountPoint, 'cache');
        expect(runCli(['check', root, '--cache-dir', cacheDir]).code).toBe(0);
        expect(spawnSync('mount', ['-o', 'remount,ro', mountPoint]).status).toBe(0);
        const clear = runCli(['cache', 'clear', root, '--cache-dir', cacheDir]);
        expect(clear.code).toBe(2);
        expect(clear.stderr).toContain(`cannot clear the cache directory ${cacheDir}: read-only file system`);
        expect(clear.stderr).toContain('fix: make it writable');
        expect(clear.stderr).not.toContain('internal error');
      } finally {
        spawnSync('umount', [mountPoint]);
      }
    },
  );
});

function smallRepoAt(root: string): void {
  writeFiles(root, {
    'src/a.ts': "import { b } from './b';\nexport const a = b;\n",
    'src/b.ts': 'export const b = 1;\n',
  });
}
