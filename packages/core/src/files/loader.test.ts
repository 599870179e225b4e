import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFiles, readLoadedFile, SYNC_READ_MAX_BYTES } from './loader.js';
import { createContentCache } from '../cache/content-cache.js';
import { hashContent } from '../cache/hash.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function repo(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-load-'));
  dirs.push(root);
  const past = new Date(Date.now() - 60_000);
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    fs.utimesSync(file, past, past);
  }
  return root;
}

describe('loadFiles', () => {
  it('records per-file errors and skips without aborting the run', async () => {
    const root = repo({
      'ok.ts': 'export {}',
      'big.bin': Buffer.alloc(2048, 7),
      'img.png': Buffer.from([137, 80, 78, 71, 0, 0, 1]),
    });
    fs.symlinkSync(path.join(root, 'nowhere.ts'), path.join(root, 'broken.ts'));
    fs.symlinkSync(path.join(root, 'loop-b'), path.join(root, 'loop-a'));
    fs.symlinkSync(path.join(root, 'loop-a'), path.join(root, 'loop-b'));
    const paths = ['ok.ts', 'big.bin', 'img.png', 'broken.ts', 'loop-a', 'deleted.ts'];
    const { files } = await loadFiles(paths, { root, maxFileSize: 1024 });
    const byPath = Object.fromEntries(files.map((file) => [file.path, file]));
    expect(byPath['ok.ts']).toMatchObject({ status: 'ok', hash: hashContent('export {}'), binary: false });
    expect(byPath['big.bin']).toMatchObject({ status: 'skipped', reason: expect.stringContaining('maxFileSize') });
    expect(byPath['img.png']).toMatchObject({ status: 'ok', binary: true });
    expect(byPath['broken.ts']).toMatchObject({
      status: 'error',
      reason: expect.stringContaining('broken symbolic link'),
    });
    expect(byPath['loop-a']).toMatchObject({ status: 'error', reason: 'symbolic link loop' });
    expect(byPath['deleted.ts']).toMatchObject({
      status: 'error',
      reason: expect.stringContaining('deleted during the run'),
    });
  });

  it('reads many files (small ones synchronously, large ones through the shared limiter) and keeps order', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++)
      files[`dir ${i % 7}/file-ü${i}.txt`] =
        i % 50 === 0 ? `content ${i}`.padEnd(SYNC_READ_MAX_BYTES + 1, '.') : `content ${i}`;
    const root = repo(files);
    const paths = Object.keys(files);
    const result = await loadFiles(paths, { root });
    expect(result.files.map((file) => file.path)).toEqual(paths);
    expect(result.files.every((file, i) => file.hash === hashContent(files[paths[i]]))).toBe(true);
    expect(result.files.filter((file) => file.size > SYNC_READ_MAX_BYTES)).toHaveLength(6);
    expect(result.read).toBe(300);
  });

  it('stats instead of reading on the second run, and re-reads a changed file', async () => {
    const root = repo({ 'a.txt': 'alpha', 'b.txt': 'beta' });
    const first = createContentCache({ root });
    expect((await loadFiles(['a.txt', 'b.txt'], { root, cache: first })).read).toBe(2);
    await first.close();

    fs.writeFileSync(path.join(root, 'b.txt'), 'BETA!');
    const second = createContentCache({ root });
    const result = await loadFiles(['a.txt', 'b.txt'], { root, cache: second });
    expect(result.statOnly).toBe(1);
    expect(result.read).toBe(1);
    expect(result.files[0]).toMatchObject({ fromIndex: true, hash: hashContent('alpha') });
    expect(result.files[0].content).toBeUndefined();
    expect(result.files[1]).toMatchObject({ fromIndex: false, hash: hashContent('BETA!') });
    await second.close();
  });

  it('gives the hash of the bytes actually read when a file changed after hashing', async () => {
    const root = repo({ 'a.txt': 'one' });
    const { files } = await loadFiles(['a.txt'], { root, keepContent: false });
    fs.writeFileSync(path.join(root, 'a.txt'), 'two');
    const { content, hash } = await readLoadedFile(root, files[0]);
    expect(content.toString()).toBe('two');
    expect(hash).toBe(hashContent('two'));
  });
});
