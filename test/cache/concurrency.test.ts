import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createContentCache } from '@warmbuild/core';
// @ts-expect-error plain ESM fixture without types
import { valueFor } from './fixtures/values.mjs';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function tempRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-conc-'));
  dirs.push(dir);
  return dir;
}

function start(script: string, args: string[]) {
  const child = spawn(process.execPath, [path.join(fixtures, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (stdout.includes(text)) {
          clearInterval(timer);
          resolve();
        } else if (child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`child exited before "${text}": ${stderr}`));
        }
      }, 10);
    });
  return { child, exited, waitFor, output: () => ({ stdout, stderr }) };
}

async function expectEveryEntryExactOrMissing(root: string, cacheDir: string, count: number, size: number) {
  const cache = createContentCache({ root, cacheDir, namespace: 'concurrency' });
  let present = 0;
  for (let i = 0; i < count; i++) {
    const value = await cache.get(cache.key(`k${i}`));
    if (value) {
      present++;
      expect(value.equals(valueFor(i, size))).toBe(true);
    }
  }
  return { present, corrupt: cache.stats().corrupt };
}

describe('disk cache under concurrent processes', () => {
  it('two writer processes on one cache dir never corrupt it', async () => {
    const root = tempRoot();
    const cacheDir = path.join(root, 'cache');
    // Overlapping key ranges: both processes write keys 100..199 at the same time.
    const a = start('writer.mjs', [root, cacheDir, '0', '200', '4096']);
    const b = start('writer.mjs', [root, cacheDir, '100', '300', '4096']);
    const [ea, eb] = await Promise.all([a.exited, b.exited]);
    expect(ea.code, a.output().stderr).toBe(0);
    expect(eb.code, b.output().stderr).toBe(0);
    const { present, corrupt } = await expectEveryEntryExactOrMissing(root, cacheDir, 300, 4096);
    expect(present).toBe(300);
    expect(corrupt).toBe(0);
  });

  it('a writer killed mid-write leaves only whole entries or misses', async () => {
    const root = tempRoot();
    const cacheDir = path.join(root, 'cache');
    const writer = start('writer.mjs', [root, cacheDir, '0', '400', String(256 * 1024), 'forever']);
    await writer.waitFor('ready');
    await new Promise((resolve) => setTimeout(resolve, 150));
    writer.child.kill('SIGKILL');
    expect((await writer.exited).signal).toBe('SIGKILL');
    const { present, corrupt } = await expectEveryEntryExactOrMissing(root, cacheDir, 400, 256 * 1024);
    expect(present).toBeGreaterThan(10);
    expect(corrupt).toBe(0);
    // A reader after the crash can still write and read.
    const cache = createContentCache({ root, cacheDir, namespace: 'concurrency' });
    expect(await cache.set(cache.key('after'), 'fine')).toBe(true);
    expect((await cache.get(cache.key('after')))?.toString()).toBe('fine');
  });

  it('SIGTERM flushes the file-state index before the process dies', async () => {
    const root = tempRoot();
    const past = new Date(Date.now() - 60_000);
    for (let i = 0; i < 50; i++) {
      const file = path.join(root, 'src', `f${i}.ts`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `export const v${i} = ${i};\n`);
      fs.utimesSync(file, past, past);
    }
    const cacheDir = path.join(root, 'cache');
    const child = start('loader-then-wait.mjs', [root, cacheDir]);
    await child.waitFor('loaded 50');
    child.child.kill('SIGTERM');
    expect((await child.exited).signal).toBe('SIGTERM');
    const stateDir = path.join(cacheDir, 'v1', 'state');
    const [indexFile] = fs.readdirSync(stateDir);
    // `<checksum>\n<JSON>` (cache/checked-json.ts)
    const index = JSON.parse(fs.readFileSync(path.join(stateDir, indexFile), 'utf8').split('\n')[1]);
    expect(Object.keys(index.entries)).toHaveLength(50);
  });
});
