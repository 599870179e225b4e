// The transform cache around small local plugins in real `vite build` runs: version changes,
// watched files, errors, emitted files, hook filters, and the warnings a user must see.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Plugin } from 'vite';
import { cached } from '@warmbuild/vite-plugin';
import {
  ALL_MODULES,
  cacheFilesText,
  installBannerPlugin,
  makeProject,
  removeProjects,
  statsRecorder,
  viteBuild,
} from './helpers.js';

afterAll(removeProjects);

type BannerFactory = (options: { file: string }) => Plugin;

async function bannerFactory(root: string, version: string): Promise<BannerFactory> {
  const entry = installBannerPlugin(root, version);
  return ((await import(pathToFileURL(entry).href)) as { default: BannerFactory }).default;
}

/** Stored entries of the transform namespace (files under the cache dir, index files aside). */
function cacheEntryCount(root: string): number {
  return (cacheFilesText(root).match(/"v":1,"result"/g) ?? []).length;
}

function warmbuildWarnings(warnings: string[]): string[] {
  return warnings.filter((warning) => warning.startsWith('warmbuild:'));
}

describe('transform cache around local plugins', () => {
  it("misses everything when the plugin's package version changes", async () => {
    const root = makeProject();
    const file = path.join(root, 'banner.txt');
    fs.writeFileSync(file, 'hello v1\n');
    const banner = await bannerFactory(root, '1.0.0');
    const stats = statsRecorder();
    const build = () => viteBuild(root, [cached(banner, { file }, { onStats: stats.onStats })]);
    const cold = await build();
    // Only banner.js is changed; the other modules come back as they went in and are not stored.
    expect(stats.last()).toMatchObject({ misses: 1, hits: 0, unchanged: ALL_MODULES - 1 });
    expect(cacheEntryCount(root)).toBe(1);
    // The factory's package (wb-banner-plugin, found from the factory's own file) gives the version.
    expect(warmbuildWarnings(cold.warnings)).toEqual([]);
    await build();
    expect(stats.last()).toMatchObject({ misses: 0, hits: 1, unchanged: ALL_MODULES - 1 });
    installBannerPlugin(root, '1.0.1');
    await build();
    expect(stats.last()).toMatchObject({ misses: 1, hits: 0 });
  });

  it('records watched files: a changed watched file is a miss for the module that watched it', async () => {
    const root = makeProject();
    const file = path.join(root, 'banner.txt');
    fs.writeFileSync(file, 'hello v1\n');
    const banner = await bannerFactory(root, '1.0.0');
    const stats = statsRecorder();
    const build = () => viteBuild(root, [cached(banner, { file }, { onStats: stats.onStats })]);
    expect((await build()).output['entry.js']).toContain('hello v1');
    const warm = await build();
    expect(stats.last()).toMatchObject({ misses: 0, hits: 1 });
    expect(warm.output['entry.js']).toContain('hello v1');
    // The watched path is stored relative to the root, never as this checkout's absolute path.
    expect(cacheFilesText(root)).toContain('@@warmbuild-root@@/banner.txt');
    expect(cacheFilesText(root)).not.toContain(root);

    fs.writeFileSync(file, 'hello v2\n');
    const changed = await build();
    expect(stats.last()).toMatchObject({ misses: 1, hits: 0 });
    expect(changed.output['entry.js']).toContain('hello v2');
  });

  it("passes a throwing plugin's error through unchanged and caches nothing for that call", async () => {
    const root = makeProject();
    const calls = new Map<string, number>();
    let broken = true;
    const thrower = (): Plugin => ({
      name: 'wb-thrower',
      transform(_code, id) {
        calls.set(path.basename(id), (calls.get(path.basename(id)) ?? 0) + 1);
        if (broken && id.endsWith('widget-3.jsx')) throw new Error('wb-thrower cannot handle widget-3');
        return null;
      },
    });
    const failure = async (plugins: Plugin[]) => {
      try {
        await viteBuild(root, plugins);
      } catch (error) {
        return error as Error & Record<string, unknown>;
      }
      throw new Error('the build was expected to fail');
    };
    const plain = await failure([thrower()]);
    const wrapped = await failure([cached(thrower(), { options: {}, version: '1.0.0' }) as Plugin]);
    // The same text, plugin, hook and id; only the stack frames show the wrapper in between.
    const withoutStack = (message: string) =>
      message
        .split('\n')
        .filter((line) => !/^\s+at /.test(line))
        .join('\n');
    expect(withoutStack(wrapped.message)).toBe(withoutStack(plain.message));
    expect(wrapped.message).toContain('wb-thrower cannot handle widget-3');
    for (const field of ['code', 'plugin', 'hook', 'id']) expect(wrapped[field]).toEqual(plain[field]);

    broken = false;
    calls.clear();
    const stats = statsRecorder();
    await viteBuild(root, [cached(thrower(), { options: {}, version: '1.0.0', onStats: stats.onStats }) as Plugin]);
    expect(calls.get('widget-3.jsx')).toBe(1);
  });

  it('warns once about a plugin without a version, and still caches it', async () => {
    const root = makeProject();
    const stats = statsRecorder();
    const local = (): Plugin => ({
      name: 'wb-local-unversioned',
      transform: (code) => (code.includes('__BANNER__') ? code.replace('__BANNER__', 'local') : null),
    });
    const cold = await viteBuild(root, [cached(local(), { options: {}, onStats: stats.onStats }) as Plugin]);
    expect(warmbuildWarnings(cold.warnings)).toEqual([
      expect.stringMatching(/cached\(wb-local-unversioned\): no version found/),
    ]);
    await viteBuild(root, [cached(local(), { options: {}, onStats: stats.onStats }) as Plugin]);
    expect(stats.last()).toMatchObject({ hits: 1, misses: 0 });
  });

  it('warns that function options are fingerprinted by source, and that unseen options are unseen', async () => {
    const root = makeProject();
    const rewriting = (options: { rewrite: (text: string) => string }): Plugin => ({
      name: 'wb-rewriting',
      version: '1.0.0',
      transform: (code) => (code.includes('__BANNER__') ? code.replace('__BANNER__', options.rewrite('x')) : null),
    });
    const withFunction = await viteBuild(root, [cached(rewriting, { rewrite: (text) => text.toUpperCase() })]);
    expect(warmbuildWarnings(withFunction.warnings)).toEqual([
      expect.stringMatching(/options contain functions, fingerprinted by their source/),
    ]);
    expect(withFunction.output['entry.js']).toContain('"X"');

    const unseen = await viteBuild(root, [cached(rewriting({ rewrite: (text) => text }))]);
    expect(warmbuildWarnings(unseen.warnings)).toEqual([
      expect.stringMatching(/options are not visible to the cache key/),
    ]);
  });

  it('bypasses calls that emit files, and the emitted file is there on every build', async () => {
    const root = makeProject();
    const stats = statsRecorder();
    const emitter = (): Plugin => ({
      name: 'wb-emitter',
      version: '1.0.0',
      transform(code) {
        if (!code.includes('__BANNER__')) return null;
        this.emitFile({ type: 'asset', fileName: 'emitted.txt', source: 'from the transform' });
        return code.replace('__BANNER__', 'emitted');
      },
    });
    for (let run = 0; run < 2; run++) {
      const result = await viteBuild(root, [cached(emitter(), { options: {}, onStats: stats.onStats }) as Plugin]);
      expect(result.output['emitted.txt']).toBe('from the transform');
      expect(stats.last()).toMatchObject({
        bypassed: 1,
        bypassReasons: { emitFile: 1 },
        misses: 0,
        hits: 0,
        unchanged: ALL_MODULES - 1,
      });
      // Said once, by name and reason, and the call ran uncached.
      expect(warmbuildWarnings(result.warnings)).toEqual([
        expect.stringMatching(
          /^warmbuild: cached\(wb-emitter\): not cached for some modules \(first: src\/banner\.js\): it emits files \(this\.emitFile\)/,
        ),
      ]);
      expect(result.infos.join('\n')).toContain('0 hits, 0 misses, 1 bypassed (1 emitFile)');
    }
  });

  it('keeps the object hook form and its filter, including a filter set in configResolved', async () => {
    const root = makeProject();
    const stats = statsRecorder();
    const filtered = (): Plugin => {
      const plugin: Plugin = {
        name: 'wb-filtered',
        version: '1.0.0',
        configResolved() {
          // As @rolldown/plugin-babel does: the filter is only known once the config is.
          (plugin.transform as { filter: unknown }).filter = { id: /banner\.js$/ };
        },
        transform: {
          order: 'pre',
          filter: undefined,
          handler: (code) => code.replace('__BANNER__', 'filtered'),
        },
      };
      return plugin;
    };
    const cold = await viteBuild(root, [cached(filtered(), { options: {}, onStats: stats.onStats }) as Plugin]);
    expect(stats.last()).toMatchObject({ misses: 1, hits: 0, bypassed: 0 });
    expect(cold.output['entry.js']).toContain('filtered');
    await viteBuild(root, [cached(filtered(), { options: {}, onStats: stats.onStats }) as Plugin]);
    expect(stats.last()).toMatchObject({ misses: 0, hits: 1 });
  });
});
