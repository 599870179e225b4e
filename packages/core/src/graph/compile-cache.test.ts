import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_ENTRIES, compileCacheDir, openCompileCache } from './compile-cache.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warmbuild-compile-cache-test-'));
  made.push(dir);
  return dir;
}

/** A script file and the V8 code cache of it, after running it (as the graph does). */
function script(dir: string, name: string, body = 'function f(n) { return n * 2; }\nf(21);\n') {
  const file = path.join(dir, name);
  fs.writeFileSync(file, body);
  const compiled = new vm.Script(body, { filename: file });
  compiled.runInThisContext();
  return { file, body, code: compiled.createCachedData() };
}

const entries = (dir: string) => fs.readdirSync(dir).filter((name) => name.endsWith('.bin'));

describe('openCompileCache', () => {
  it('hands back what was written, and V8 accepts it', () => {
    const work = tempDir();
    const env = { WARMBUILD_COMPILE_CACHE: path.join(work, 'cache') };
    const { file, body, code } = script(work, 'lib.js');
    expect(openCompileCache(file, env)!.read()).toBeUndefined();
    expect(openCompileCache(file, env)!.write(code)).toBe(true);
    const read = openCompileCache(file, env)!.read();
    expect(read?.equals(code)).toBe(true);
    const reused = new vm.Script(body, { filename: file, cachedData: read });
    expect(reused.cachedDataRejected).toBe(false);
    // Only its owner may write the directory.
    if (typeof process.getuid === 'function') expect(fs.statSync(env.WARMBUILD_COMPILE_CACHE).mode & 0o077).toBe(0);
  });

  it('misses when the script changes (size or mtime)', () => {
    const work = tempDir();
    const env = { WARMBUILD_COMPILE_CACHE: path.join(work, 'cache') };
    const { file, code } = script(work, 'lib.js');
    openCompileCache(file, env)!.write(code);
    fs.appendFileSync(file, '// edited\n');
    expect(openCompileCache(file, env)!.read()).toBeUndefined();
  });

  it('ignores a corrupt or truncated entry', () => {
    const work = tempDir();
    const dir = path.join(work, 'cache');
    const env = { WARMBUILD_COMPILE_CACHE: dir };
    const { file, code } = script(work, 'lib.js');
    openCompileCache(file, env)!.write(code);
    const [entry] = entries(dir);
    const bytes = fs.readFileSync(path.join(dir, entry));
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(path.join(dir, entry), bytes);
    expect(openCompileCache(file, env)!.read()).toBeUndefined();
    fs.writeFileSync(path.join(dir, entry), bytes.subarray(0, 10));
    expect(openCompileCache(file, env)!.read()).toBeUndefined();
  });

  it('keeps at most MAX_ENTRIES entries, the newest', () => {
    const work = tempDir();
    const dir = path.join(work, 'cache');
    const env = { WARMBUILD_COMPILE_CACHE: dir };
    const scripts = Array.from({ length: MAX_ENTRIES + 2 }, (_, i) =>
      script(work, `lib${i}.js`, `var x${i} = ${i};\n`),
    );
    scripts.forEach(({ file, code }, i) => {
      openCompileCache(file, env)!.write(code);
      // Distinct mtimes, oldest first.
      for (const name of entries(dir))
        if (!fs.existsSync(path.join(dir, `${name}.seen`))) {
          fs.writeFileSync(path.join(dir, `${name}.seen`), '');
          fs.utimesSync(path.join(dir, name), 1_000_000 + i, 1_000_000 + i);
        }
    });
    expect(entries(dir)).toHaveLength(MAX_ENTRIES);
    const last = scripts.at(-1)!;
    expect(openCompileCache(last.file, env)!.read()?.equals(last.code)).toBe(true);
    expect(openCompileCache(scripts[0].file, env)!.read()).toBeUndefined();
  });

  it('is skipped when turned off, unwritable or writable by others', () => {
    const work = tempDir();
    const { file, code } = script(work, 'lib.js');
    expect(compileCacheDir({ WARMBUILD_COMPILE_CACHE: 'off' })).toBeUndefined();
    expect(openCompileCache(file, { WARMBUILD_COMPILE_CACHE: 'off' })).toBeUndefined();
    expect(compileCacheDir({})).toBe(
      path.join(
        os.tmpdir(),
        `warmbuild-compile-cache${typeof process.getuid === 'function' ? `-${process.getuid()}` : ''}`,
      ),
    );
    // A file where the directory should be: nothing written, nothing thrown.
    fs.writeFileSync(path.join(work, 'blocked'), '');
    expect(openCompileCache(file, { WARMBUILD_COMPILE_CACHE: path.join(work, 'blocked') })!.write(code)).toBe(false);
    if (typeof process.getuid === 'function') {
      const shared = path.join(work, 'shared');
      const env = { WARMBUILD_COMPILE_CACHE: shared };
      openCompileCache(file, env)!.write(code);
      fs.chmodSync(shared, 0o777);
      expect(openCompileCache(file, env)!.read()).toBeUndefined();
      expect(openCompileCache(file, env)!.write(code)).toBe(false);
    }
  });
});
