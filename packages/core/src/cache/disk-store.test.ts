import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiskStore } from './disk-store.js';
import { decodeEntry } from './entry-format.js';
import { emptyCacheStats } from './cache-stats.js';
import { hashContent } from './hash.js';
import { decodePack, encodePack, nowMinute, PACK_MAX_VALUE } from './pack-store.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-disk-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function store(cacheDir: string, extra: { maxDiskSize?: number; maxAge?: number } = {}) {
  const warnings: string[] = [];
  const stats = emptyCacheStats();
  const disk = createDiskStore({ cacheDir, logger: { warn: (m) => warnings.push(m) }, stats, ...extra });
  return { disk, stats, warnings };
}

const key = (text: string) => hashContent(text);
/** Over PACK_MAX_VALUE: stored as a file of its own. */
const big = (text: string) => Buffer.concat([Buffer.from(text), Buffer.alloc(PACK_MAX_VALUE, 1)]);

function entryFile(cacheDir: string, ns: string, k: string) {
  return path.join(cacheDir, 'v1', 'entries', ns, k.slice(0, 2), k);
}

describe('disk store', () => {
  it('returns what was written, and a miss for an unknown key', async () => {
    const dir = tempDir();
    const { disk, stats } = store(dir);
    expect(await disk.set('ns', key('a'), Buffer.from('alpha'))).toBe(true);
    expect(await disk.set('ns', key('big'), big('large'))).toBe(true);
    expect((await disk.get('ns', key('a')))?.toString()).toBe('alpha');
    expect((await disk.get('ns', key('big')))?.equals(big('large'))).toBe(true);
    expect(await disk.get('ns', key('b'))).toBeUndefined();
    expect(await disk.get('other', key('a'))).toBeUndefined();
    expect(stats.bytesWritten).toBeGreaterThan(PACK_MAX_VALUE);
    await disk.flush();
    // A second store over the same directory (a new process) sees both entries.
    const again = store(dir).disk;
    expect((await again.get('ns', key('a')))?.toString()).toBe('alpha');
    expect((await again.get('ns', key('big')))?.equals(big('large'))).toBe(true);
  });

  it('treats a corrupt entry as a miss and removes it', async () => {
    const dir = tempDir();
    const { disk, stats } = store(dir);
    await disk.set('ns', key('a'), big('some payload'));
    const file = entryFile(dir, 'ns', key('a'));
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(file, bytes);
    expect(await disk.get('ns', key('a'))).toBeUndefined();
    expect(stats.corrupt).toBe(1);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('treats truncated, foreign and misplaced entries as misses', async () => {
    const dir = tempDir();
    const { disk, stats } = store(dir);
    await disk.set('ns', key('a'), big('payload-a'));
    await disk.set('ns', key('b'), big('payload-b'));
    await disk.set('ns', key('c'), big('payload-c'));
    const fa = entryFile(dir, 'ns', key('a'));
    fs.truncateSync(fa, fs.statSync(fa).size - 3);
    fs.writeFileSync(entryFile(dir, 'ns', key('b')), 'not a warmbuild entry at all');
    // An entry copied under another key must not answer for it.
    fs.copyFileSync(entryFile(dir, 'ns', key('c')), entryFile(dir, 'ns', key('a')));
    expect(await disk.get('ns', key('a'))).toBeUndefined();
    expect(await disk.get('ns', key('b'))).toBeUndefined();
    expect((await disk.get('ns', key('c')))?.equals(big('payload-c'))).toBe(true);
    expect(stats.corrupt).toBe(2);
  });

  it('drops a corrupt pack of small entries whole, as misses, and rewrites it', async () => {
    const dir = tempDir();
    const first = store(dir);
    await first.disk.set('ns', key('a'), Buffer.from('small a'));
    await first.disk.set('ns', key('b'), Buffer.from('small b'));
    await first.disk.flush();
    const packFile = path.join(dir, 'v1', 'packs', 'ns.pack');
    const bytes = fs.readFileSync(packFile);
    bytes[bytes.length - 2] ^= 0x55;
    fs.writeFileSync(packFile, bytes);
    const second = store(dir);
    expect(await second.disk.get('ns', key('a'))).toBeUndefined();
    expect(await second.disk.get('ns', key('b'))).toBeUndefined();
    expect(second.stats.corrupt).toBe(1);
    await second.disk.set('ns', key('a'), Buffer.from('small a again'));
    await second.disk.flush();
    expect((await store(dir).disk.get('ns', key('a')))?.toString()).toBe('small a again');
  });

  it('merges packs written by two stores (two processes) instead of losing either', async () => {
    const dir = tempDir();
    const a = store(dir);
    const b = store(dir);
    await a.disk.set('ns', key('from-a'), Buffer.from('A'));
    await b.disk.set('ns', key('from-b'), Buffer.from('B'));
    await a.disk.flush();
    await b.disk.flush();
    const reader = store(dir).disk;
    expect((await reader.get('ns', key('from-a')))?.toString()).toBe('A');
    expect((await reader.get('ns', key('from-b')))?.toString()).toBe('B');
  });

  it('records the last use of packed entries in a sidecar on a read-only run, without rewriting the pack', async () => {
    const dir = tempDir();
    const writer = store(dir);
    await writer.disk.set('ns', key('used'), Buffer.from('used'));
    await writer.disk.set('ns', key('unused'), Buffer.from('unused'));
    await writer.disk.flush();
    // As a pack written two hours ago.
    const packFile = path.join(dir, 'v1', 'packs', 'ns.pack');
    const old = nowMinute() - 120;
    const decoded = decodePack(fs.readFileSync(packFile));
    if (typeof decoded === 'string') throw new Error(decoded);
    fs.writeFileSync(
      packFile,
      encodePack([...decoded].map(([k, entry]) => [k, { value: entry.value, lastUsedMinute: old }])),
    );
    const packBytes = fs.readFileSync(packFile);

    const reader = store(dir);
    expect((await reader.disk.get('ns', key('used')))?.toString()).toBe('used');
    await reader.disk.flush();
    expect(fs.readFileSync(packFile).equals(packBytes)).toBe(true);
    expect(fs.existsSync(`${packFile}.used`)).toBe(true);

    // Another process sees the use: `prune --unused` keeps the used entry and removes the other.
    const pruner = store(dir);
    const result = await pruner.disk.prune({ unusedSince: Date.now() - 60 * 60_000 });
    expect(result.removed).toBe(1);
    const after = store(dir).disk;
    expect((await after.get('ns', key('used')))?.toString()).toBe('used');
    expect(await after.get('ns', key('unused'))).toBeUndefined();
    // That prune rewrote the pack: the sidecar's minutes are folded into it, and it is gone.
    expect(fs.existsSync(`${packFile}.used`)).toBe(false);
    const folded = decodePack(fs.readFileSync(packFile));
    if (typeof folded === 'string') throw new Error(folded);
    expect(folded.get(key('used'))?.lastUsedMinute).toBeGreaterThanOrEqual(nowMinute() - 1);
  });

  it('ignores an unreadable sidecar: entries keep the minutes in the pack', async () => {
    const dir = tempDir();
    const writer = store(dir);
    await writer.disk.set('ns', key('a'), Buffer.from('a'));
    await writer.disk.flush();
    fs.writeFileSync(path.join(dir, 'v1', 'packs', 'ns.pack.used'), '{not json');
    const reader = store(dir);
    expect((await reader.disk.get('ns', key('a')))?.toString()).toBe('a');
    expect((await reader.disk.usage()).entries).toBe(1);
  });

  it('decodes only exact entries', () => {
    expect(decodeEntry(Buffer.from('WBC1'), 'ns', key('a'))).toMatch(/bad magic|truncated/);
    expect(decodeEntry(Buffer.alloc(0), 'ns', key('a'))).toBe('bad magic (foreign or older format)');
  });

  it('evicts least recently used entries first when over maxDiskSize', async () => {
    const dir = tempDir();
    const { disk } = store(dir);
    const payload = big('lru');
    const keys = ['k0', 'k1', 'k2', 'k3', 'k4'].map(key);
    for (const [i, k] of keys.entries()) {
      await disk.set('ns', k, payload);
      const when = new Date(Date.now() - (10 - i) * 60_000);
      fs.utimesSync(entryFile(dir, 'ns', k), when, when);
    }
    // Using the oldest entry makes it the most recently used.
    await disk.get('ns', keys[0]);
    await disk.flush();
    const entrySize = fs.statSync(entryFile(dir, 'ns', keys[4])).size;
    const result = await disk.prune({ maxDiskSize: 3 * entrySize });
    expect(result.removed).toBe(2);
    expect(await disk.get('ns', keys[0])).toBeDefined();
    expect(await disk.get('ns', keys[1])).toBeUndefined();
    expect(await disk.get('ns', keys[2])).toBeUndefined();
    expect(await disk.get('ns', keys[3])).toBeDefined();
    expect(result.bytesRemaining).toBeLessThanOrEqual(3 * entrySize);
  });

  it('evicts entries older than maxAge, and entries the last run did not use', async () => {
    const dir = tempDir();
    const { disk } = store(dir);
    await disk.set('ns', key('old'), big('old'));
    await disk.set('ns', key('recent'), big('recent'));
    await disk.set('ns', key('unused'), big('unused'));
    const old = new Date(Date.now() - 20 * 24 * 3600_000);
    fs.utimesSync(entryFile(dir, 'ns', key('old')), old, old);
    const before = new Date(Date.now() - 3600_000);
    fs.utimesSync(entryFile(dir, 'ns', key('unused')), before, before);
    fs.utimesSync(entryFile(dir, 'ns', key('recent')), before, before);
    expect((await disk.prune()).removed).toBe(1);
    expect(await disk.get('ns', key('old'))).toBeUndefined();

    const runStart = Date.now() - 1000;
    await disk.recordRunStart(runStart);
    await disk.get('ns', key('recent')); // used by "this run"
    const result = await disk.prune({ unusedSince: await disk.lastRunStart() });
    expect(result.removed).toBe(1);
    expect(await disk.get('ns', key('unused'))).toBeUndefined();
    expect(await disk.get('ns', key('recent'))).toBeDefined();
  });

  it('bounds itself on flush when writes push it over maxDiskSize', async () => {
    const dir = tempDir();
    const limit = 5 * PACK_MAX_VALUE;
    const { disk, stats } = store(dir, { maxDiskSize: limit });
    for (let i = 0; i < 10; i++) await disk.set('ns', key(`k${i}`), big(`k${i}`));
    for (let i = 0; i < 100; i++) await disk.set('small', key(`s${i}`), Buffer.alloc(1000, i));
    await disk.flush();
    const usage = await disk.usage();
    expect(usage.bytes).toBeLessThanOrEqual(limit);
    expect(stats.evictions).toBeGreaterThan(0);
  });

  it('goes on without the disk tier, warning once, when the directory is not writable', async () => {
    const parent = tempDir();
    // A file where the cache directory should be: unwritable even for root.
    const cacheDir = path.join(parent, 'blocked');
    fs.writeFileSync(cacheDir, 'not a directory');
    const { disk, stats, warnings } = store(cacheDir);
    expect(await disk.set('ns', key('a'), Buffer.from('x'))).toBe(false);
    expect(await disk.set('ns', key('b'), Buffer.from('y'))).toBe(false);
    expect(await disk.get('ns', key('a'))).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(cacheDir);
    expect(warnings[0]).toContain('without the disk cache');
    expect(stats.diskEnabled).toBe(false);
  });

  it('leaves a directory of a newer cache format alone and says so', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'v9', 'entries'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'v9', 'entries', 'keep'), 'newer data');
    const { disk, warnings } = store(dir);
    await disk.set('ns', key('a'), Buffer.from('x'));
    expect(warnings.join('\n')).toMatch(/v9, written by a newer warmbuild/);
    expect(fs.readFileSync(path.join(dir, 'v9', 'entries', 'keep'), 'utf8')).toBe('newer data');
    await disk.clear();
    expect(fs.existsSync(path.join(dir, 'v9', 'entries', 'keep'))).toBe(true);
  });

  it('rejects keys that are not digests and namespaces with path characters', async () => {
    const { disk } = store(tempDir());
    await expect(disk.set('ns', '../../etc/passwd', Buffer.from('x'))).rejects.toThrow(/hex digest/);
    await expect(disk.set('../up', key('a'), Buffer.from('x'))).rejects.toThrow(/namespace/);
  });
});
