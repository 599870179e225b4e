// Hook-level behaviour of the cache that a bundler does not show: addWatchFile and warnings replayed
// on a hit, from a fresh wrapper (so from disk), with the wrapped hook not run again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cached } from './index.js';
import type { CacheablePlugin } from './types.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

function fakeContext() {
  const watched: string[] = [];
  const warned: unknown[] = [];
  return {
    watched,
    warned,
    context: {
      environment: { name: 'client' },
      addWatchFile: (file: string) => void watched.push(file),
      warn: (warning: unknown) => void warned.push(warning),
    },
  };
}

type Hook = (this: unknown, ...args: unknown[]) => Promise<unknown>;

/** Drives the hooks of a wrapped plugin, whatever `this` its own hooks declare (as a bundler would). */
async function runBuild(
  plugin: { name: string; [hook: string]: unknown },
  context: unknown,
  code: string,
  id: string,
): Promise<unknown> {
  await (plugin.buildStart as Hook).call(context);
  const result = await (plugin.transform as Hook).call(context, code, id, {});
  await (plugin.closeBundle as Hook).call(context);
  return result;
}

describe('cached() at the hook level', () => {
  it('replays addWatchFile and warnings on a hit without running the hook', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-hook-'));
    roots.push(root);
    const dep = path.join(root, 'dep.txt');
    fs.writeFileSync(dep, 'dep v1');
    let runs = 0;
    const make = () => ({
      name: 'wb-watching',
      version: '1.0.0',
      transform(this: { addWatchFile(file: string): void; warn(warning: unknown): void }, code: string) {
        runs++;
        this.addWatchFile(dep);
        this.warn('careful');
        return { code: `${code}\n// ${fs.readFileSync(dep, 'utf8')}`, map: null };
      },
    });
    const id = path.join(root, 'src', 'a.js');
    const options = { options: {}, root, logger: { warn: () => undefined, info: () => undefined } };

    const first = fakeContext();
    const cold = await runBuild(cached(make(), options), first.context, 'export const a = 1;', id);
    expect(runs).toBe(1);

    const second = fakeContext();
    const warm = await runBuild(cached(make(), options), second.context, 'export const a = 1;', id);
    expect(runs).toBe(1);
    expect(warm).toEqual(cold);
    expect(second.watched).toEqual([dep]);
    expect(second.warned).toEqual(['careful']);

    fs.writeFileSync(dep, 'dep v2');
    const third = fakeContext();
    const changed = (await runBuild(cached(make(), options), third.context, 'export const a = 1;', id)) as {
      code: string;
    };
    expect(runs).toBe(2);
    expect(changed.code).toContain('dep v2');
  });

  it('keys on the environment: the same code in ssr is a different entry', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-hook-'));
    roots.push(root);
    let runs = 0;
    const make = (): CacheablePlugin => ({
      name: 'wb-env',
      version: '1.0.0',
      transform: (code: string) => {
        runs++;
        return `${code};`;
      },
    });
    const options = { options: {}, root, logger: { warn: () => undefined } };
    const plugin = cached(make(), options);
    const id = path.join(root, 'a.js');
    await (plugin.buildStart as Hook).call({});
    await (plugin.transform as Hook).call({ environment: { name: 'client' } }, 'x', id, {});
    await (plugin.transform as Hook).call({ environment: { name: 'client' } }, 'x', id, {});
    await (plugin.transform as Hook).call({ environment: { name: 'ssr' } }, 'x', id, { ssr: true });
    expect(runs).toBe(2);
  });
});
