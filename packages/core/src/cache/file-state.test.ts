import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileStateIndex, RACY_WINDOW_MS } from './file-state.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-fs-'));
  dirs.push(dir);
  const file = path.join(dir, 'a.txt');
  fs.writeFileSync(file, 'one');
  const past = new Date(Date.now() - 60_000);
  fs.utimesSync(file, past, past);
  return { dir, file, indexFile: path.join(dir, 'state', 'files.json') };
}

describe('file-state index', () => {
  it('vouches for an unchanged stat after a save, and not for a changed one', async () => {
    const { file, indexFile } = setup();
    const first = createFileStateIndex({ file: indexFile, writable: () => true });
    first.record('a.txt', fs.statSync(file), { hash: 'h1', binary: false });
    await first.close();

    const second = createFileStateIndex({ file: indexFile, writable: () => true });
    expect(second.lookup('a.txt', fs.statSync(file))).toEqual({ hash: 'h1', binary: false });
    fs.writeFileSync(file, 'two'); // same size, new mtime
    expect(second.lookup('a.txt', fs.statSync(file))).toBeUndefined();
    await second.close();
  });

  it('does not trust a file modified within the racy window of the index write', async () => {
    const { file, indexFile } = setup();
    fs.writeFileSync(file, 'fresh'); // mtime = now: same granule as the save below
    const first = createFileStateIndex({ file: indexFile, writable: () => true });
    first.record('a.txt', fs.statSync(file), { hash: 'h-fresh', binary: false });
    await first.close();
    const second = createFileStateIndex({ file: indexFile, writable: () => true });
    expect(second.lookup('a.txt', fs.statSync(file))).toBeUndefined();
    expect(RACY_WINDOW_MS).toBeGreaterThan(0);
  });

  it('starts empty on a corrupt index file', () => {
    const { file, indexFile } = setup();
    fs.mkdirSync(path.dirname(indexFile), { recursive: true });
    fs.writeFileSync(indexFile, '{"format":2,"savedAt":');
    const index = createFileStateIndex({ file: indexFile, writable: () => true });
    expect(index.size).toBe(0);
    expect(index.lookup('a.txt', fs.statSync(file))).toBeUndefined();
  });

  it('drops files not seen in a complete run', async () => {
    const { file, indexFile } = setup();
    const first = createFileStateIndex({ file: indexFile, writable: () => true });
    first.record('a.txt', fs.statSync(file), { hash: 'h1', binary: false });
    first.record('gone.txt', fs.statSync(file), { hash: 'h2', binary: false });
    first.markSeen('a.txt');
    first.setComplete(true);
    await first.close();
    const saved = JSON.parse(fs.readFileSync(indexFile, 'utf8').split('\n')[1]);
    expect(Object.keys(saved.entries)).toEqual(['a.txt']);
  });
});
