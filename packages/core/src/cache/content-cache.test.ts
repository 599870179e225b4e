import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createContentCache } from './content-cache.js';
import { hashContent, fingerprintOptions } from './hash.js';

const dirs: string[] = [];
function tempRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-cc-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  vi.unstubAllEnvs();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('content cache', () => {
  it('hits after a write, across processes (fresh instances), and misses when content changes', async () => {
    const root = tempRoot();
    const cache = createContentCache({ root, namespace: 'demo' });
    const k1 = cache.key(hashContent('source v1'));
    expect(await cache.get(k1)).toBeUndefined();
    await cache.setJson(k1, { result: 1 });
    expect(await cache.getJson(k1)).toEqual({ result: 1 });
    await cache.close();

    const again = createContentCache({ root, namespace: 'demo' });
    expect(await again.getJson(k1)).toEqual({ result: 1 });
    const k2 = again.key(hashContent('source v2'));
    expect(k2).not.toBe(k1);
    expect(await again.getJson(k2)).toBeUndefined();
    const stats = again.stats();
    expect(stats.diskHits).toBe(1);
    expect(stats.misses).toBe(1);
    expect(stats.hitRate).toBe(0.5);
    await again.close();
  });

  it('keys include namespace and salt (options fingerprint, tool versions)', () => {
    const root = tempRoot();
    const base = createContentCache({
      root,
      namespace: 'a',
      salt: ['tool@1', fingerprintOptions({ x: 1 }).fingerprint],
    });
    const content = hashContent('same content');
    const otherTool = base.namespace('a', ['tool@2']);
    const otherOptions = createContentCache({
      root,
      namespace: 'a',
      salt: ['tool@1', fingerprintOptions({ x: 2 }).fingerprint],
    });
    const otherNamespace = createContentCache({
      root,
      namespace: 'b',
      salt: ['tool@1', fingerprintOptions({ x: 1 }).fingerprint],
    });
    const keys = new Set([
      base.key(content),
      otherTool.key(content),
      otherOptions.key(content),
      otherNamespace.key(content),
    ]);
    expect(keys.size).toBe(4);
  });

  it('refuses a value holding the absolute repository root', async () => {
    const root = tempRoot();
    const cache = createContentCache({ root });
    const k = cache.key('x');
    expect(await cache.setJson(k, { file: path.join(root, 'src/a.ts') })).toBe(false);
    expect(await cache.get(k)).toBeUndefined();
    expect(cache.stats().refused).toBe(1);
    expect(await cache.setJson(k, { file: 'src/a.ts' })).toBe(true);
  });

  it('bounds the memory tier by bytes actually held', async () => {
    const root = tempRoot();
    const cache = createContentCache({ root, disk: false, maxMemorySize: 10_000 });
    for (let i = 0; i < 20; i++) await cache.set(cache.key(String(i)), Buffer.alloc(1_000));
    expect(cache.stats().evictions).toBeGreaterThanOrEqual(10);
    expect(await cache.get(cache.key('19'))).toBeDefined();
    expect(await cache.get(cache.key('0'))).toBeUndefined();
  });

  it('is off with WARMBUILD_CACHE=0', async () => {
    vi.stubEnv('WARMBUILD_CACHE', '0');
    const root = tempRoot();
    const cache = createContentCache({ root });
    expect(cache.enabled).toBe(false);
    expect(await cache.set(cache.key('a'), 'x')).toBe(false);
    expect(await cache.get(cache.key('a'))).toBeUndefined();
    expect(fs.existsSync(path.join(root, 'node_modules'))).toBe(false);
  });
});

describe('fingerprintOptions', () => {
  it('is stable under key order and sees function sources', () => {
    expect(fingerprintOptions({ a: 1, b: [1, 2] }).fingerprint).toBe(
      fingerprintOptions({ b: [1, 2], a: 1 }).fingerprint,
    );
    const f1 = fingerprintOptions({ fn: (x: number) => x + 1 });
    const f2 = fingerprintOptions({ fn: (x: number) => x + 2 });
    expect(f1.hasFunctions).toBe(true);
    expect(f1.fingerprint).not.toBe(f2.fingerprint);
    expect(fingerprintOptions({ re: /a/g }).fingerprint).not.toBe(fingerprintOptions({ re: /a/i }).fingerprint);
  });
});
