// The transform cache around @rolldown/plugin-babel + React Compiler, in real `vite build` runs:
// warm output byte-identical to cold and to the uncached build, and each invalidation path.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import babel from '@rolldown/plugin-babel';
import { cached } from '@warmbuild/vite-plugin';
import { cacheFilesText, makeProject, MODULES, removeProjects, statsRecorder, viteBuild } from './helpers.js';

const compiler = { plugins: ['babel-plugin-react-compiler'] };

afterAll(removeProjects);
afterEach(() => {
  delete process.env.WARMBUILD_CACHE;
});

describe('transform cache around @rolldown/plugin-babel', () => {
  it('serves a warm build from the cache, byte-identical to the cold and the uncached build', async () => {
    const root = makeProject();
    const stats = statsRecorder();
    const cold = await viteBuild(root, [cached(babel, compiler, { onStats: stats.onStats })]);
    expect(stats.last()).toMatchObject({ hits: 0, misses: MODULES, bypassed: 0 });
    expect(cold.output['entry.js']).toContain('react/compiler-runtime');

    const warm = await viteBuild(root, [cached(babel, compiler, { onStats: stats.onStats })]);
    expect(stats.last()).toMatchObject({ hits: MODULES, misses: 0, bypassed: 0 });
    expect(stats.last()!.savedMs).toBeGreaterThan(0);
    expect(warm.output).toEqual(cold.output);
    expect(Object.keys(warm.output)).toContain('entry.js.map');

    const uncached = await viteBuild(root, [babel(compiler)]);
    expect(cold.output).toEqual(uncached.output);

    expect(warm.infos.join('\n')).toMatch(
      new RegExp(
        `warmbuild transform cache \\(@rolldown/plugin-babel\\): ${MODULES} hits, 0 misses, 0 bypassed, saved \\d`,
      ),
    );
    // Entries hold no absolute path of this checkout: source maps and ids were made root-relative.
    const entries = cacheFilesText(root);
    expect(entries).toContain('"ms":');
    expect(entries).not.toContain(root);
  });

  it('misses everything when a babel option changes, and matches the uncached build', async () => {
    const root = makeProject();
    const stats = statsRecorder();
    await viteBuild(root, [cached(babel, compiler, { onStats: stats.onStats })]);
    const annotated = { plugins: [['babel-plugin-react-compiler', { compilationMode: 'annotation' }]] };
    const changed = await viteBuild(root, [cached(babel, annotated, { onStats: stats.onStats })]);
    expect(stats.last()).toMatchObject({ hits: 0, misses: MODULES });
    expect(changed.output['entry.js']).not.toContain('react/compiler-runtime');
    expect(changed.output).toEqual((await viteBuild(root, [babel(annotated)])).output);
  });

  it('misses everything when the babel config file appears or changes', async () => {
    const root = makeProject();
    const stats = statsRecorder();
    const build = () => viteBuild(root, [cached(babel, compiler, { onStats: stats.onStats })]);
    const before = await build();
    fs.writeFileSync(path.join(root, 'babel.config.json'), '{ "comments": true }\n');
    const after = await build();
    expect(stats.last()).toMatchObject({ hits: 0, misses: MODULES });
    await build();
    expect(stats.last()).toMatchObject({ hits: MODULES, misses: 0 });
    fs.writeFileSync(path.join(root, 'babel.config.json'), '{ "comments": false }\n');
    await build();
    expect(stats.last()).toMatchObject({ hits: 0, misses: MODULES });
    // @rolldown/plugin-babel passes configFile: false, so the output itself does not change.
    expect(after.output).toEqual(before.output);
  });

  it('misses exactly the one file whose source changed', async () => {
    const root = makeProject();
    const stats = statsRecorder();
    await viteBuild(root, [cached(babel, compiler, { onStats: stats.onStats })]);
    const file = path.join(root, 'src', 'widget-3.jsx');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("label = 'Widget3'", "label = 'Changed3'"));
    const changed = await viteBuild(root, [cached(babel, compiler, { onStats: stats.onStats })]);
    expect(stats.last()).toMatchObject({ hits: MODULES - 1, misses: 1 });
    expect(changed.output['entry.js']).toContain('Changed3');
    expect(changed.output).toEqual((await viteBuild(root, [babel(compiler)])).output);
  });

  it('turns off with WARMBUILD_CACHE=0: the plugin is returned untouched and nothing is written', async () => {
    process.env.WARMBUILD_CACHE = '0';
    const plugin = await babel(compiler);
    expect(cached(plugin, { options: compiler })).toBe(plugin);
    const root = makeProject();
    const stats = statsRecorder();
    const off = await viteBuild(root, [cached(babel, compiler, { onStats: stats.onStats })]);
    expect(stats.all).toEqual([]);
    expect(off.infos.join('\n')).not.toContain('warmbuild transform cache');
    expect(fs.existsSync(path.join(root, 'node_modules', '.cache', 'warmbuild'))).toBe(false);
    delete process.env.WARMBUILD_CACHE;
    expect(off.output).toEqual((await viteBuild(root, [babel(compiler)])).output);
  });

  it('builds uncached with one warning when the cache directory cannot be written', async () => {
    const root = makeProject();
    const blocker = path.join(root, 'not-a-dir');
    fs.writeFileSync(blocker, 'a file where the cache directory should be\n');
    const stats = statsRecorder();
    const options = { onStats: stats.onStats, cacheDir: path.join(blocker, 'cache') };
    const first = await viteBuild(root, [cached(babel, compiler, options)]);
    const second = await viteBuild(root, [cached(babel, compiler, options)]);
    for (const result of [first, second]) {
      const ours = result.warnings.filter((warning) => warning.includes('warmbuild'));
      expect(ours).toHaveLength(1);
      expect(ours[0]).toMatch(/not writable/);
    }
    expect(stats.all.map((s) => s.hits)).toEqual([0, 0]);
    expect(second.output).toEqual((await viteBuild(root, [babel(compiler)])).output);
  });
});
