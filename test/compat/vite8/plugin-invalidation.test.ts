// Invalidation on Vite 8 for the Vue, Svelte, SVGR and MDX cells: each input of the key changed
// alone misses every stored call and builds what the uncached plugin builds.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as vite from 'vite';
import vue from '@vitejs/plugin-vue';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import svgr from 'vite-plugin-svgr';
import mdx from '@mdx-js/rollup';
import type { PluginInput } from '@warmbuild/core';
import { cached } from '@warmbuild/vite-plugin';
import { MDX_APP, SVELTE_APP, SVGR_APP, VUE_APP } from '../apps.js';
import { makeApp, removeApps, type ViteLike } from '../cell.js';
import { bumpedFactory, warmApp, withNodeEnv, type InvalidationCell, type WarmApp } from '../plugin-invalidation.js';

type Factory = (options: Record<string, unknown>) => PluginInput;
const base = { vite: vite as unknown as ViteLike, cellDir: path.dirname(fileURLToPath(import.meta.url)) };
const wrap =
  (extra: Record<string, unknown> = {}): InvalidationCell['plugins'] =>
  (factory, options, cache) => [
    cache ? cached(factory as Factory, options, { ...extra, ...cache }) : (factory as Factory)(options),
  ];

afterAll(removeApps);

/** The paths every cell shares: an option, mode, NODE_ENV, then the plugin's version (last: it adds node_modules to the app). */
function commonInvalidation(
  cell: InvalidationCell,
  option: Record<string, unknown>,
  more?: (app: () => WarmApp) => void,
): void {
  let app: WarmApp;
  beforeAll(async () => {
    app = await warmApp(cell);
  });
  it('an option', async () => {
    const changed = await app.expectMiss({ options: option });
    expect(changed.output).not.toEqual(app.cold.output);
  });
  it('Vite mode', () => app.expectMiss({ extra: { mode: 'staging' } }));
  it('NODE_ENV', () => withNodeEnv('production', () => app.expectMiss()));
  more?.(() => app);
  it("the plugin's version", async () => app.expectMiss({ factory: await bumpedFactory(cell, app.root) }));
}

describe(`Vite ${vite.version}: invalidation of cached() around other slow transforms`, () => {
  describe('@vitejs/plugin-vue misses on', () => {
    commonInvalidation(
      {
        ...base,
        files: VUE_APP,
        entry: 'src/main.js',
        plugin: 'vite:vue',
        pluginPackage: '@vitejs/plugin-vue',
        exportName: 'default',
        factory: vue,
        options: {},
        plugins: wrap(),
      },
      { template: { compilerOptions: { whitespace: 'preserve' } } },
    );
  });

  describe('@sveltejs/vite-plugin-svelte misses on', () => {
    const cell: InvalidationCell = {
      ...base,
      files: SVELTE_APP,
      entry: 'src/main.js',
      plugin: 'vite-plugin-svelte:compile',
      pluginPackage: '@sveltejs/vite-plugin-svelte',
      exportName: 'svelte',
      factory: svelte,
      options: {},
      plugins: wrap(),
    };
    commonInvalidation(cell, { compilerOptions: { discloseVersion: false } }, (app) => {
      // The plugin reads svelte.config.js from the root itself: its compilerOptions are not in the
      // options cached() sees, so only the file's contents in the key keep this from a stale hit.
      it('svelte.config.js', async () => {
        const configFile = path.join(app().root, 'svelte.config.js');
        fs.writeFileSync(configFile, "export default { compilerOptions: { css: 'injected' } };\n");
        try {
          const changed = await app().expectMiss();
          expect(changed.output).not.toEqual(app().cold.output);
        } finally {
          fs.rmSync(configFile);
        }
      });
    });
  });

  describe('vite-plugin-svgr misses on', () => {
    const cell: InvalidationCell = {
      ...base,
      files: SVGR_APP,
      entry: 'src/main.jsx',
      plugin: 'vite-plugin-svgr',
      pluginPackage: 'vite-plugin-svgr',
      exportName: 'default',
      factory: svgr,
      options: {},
      plugins: wrap({ load: true }),
    };
    commonInvalidation(cell, { svgrOptions: { icon: true } }, (app) => {
      // SVGR searches for .svgrrc from each SVG's directory upward (cosmiconfig) and keeps what it
      // found for the life of the process, so the edited config is met in a second checkout of the
      // same app sharing the cache, as on CI; a third checkout without it shows that cache is reused.
      it('an .svgrrc (nearest to the SVG) in a checkout sharing the cache', async () => {
        const same = {
          ...SVGR_APP,
          'package.json': JSON.stringify({ name: 'svgr-app', private: true, type: 'module' }),
        };
        const withRc = makeApp(cell.cellDir, { ...same, 'src/.svgrrc': '{ "icon": true }\n' });
        const changed = await app().expectMiss({ root: withRc });
        expect(changed.output['main.js']).toContain('"1em"');
        await app().expectHit(makeApp(cell.cellDir, same));
      });
    });
  });

  describe('@mdx-js/rollup misses on', () => {
    commonInvalidation(
      {
        ...base,
        files: MDX_APP,
        entry: 'src/main.js',
        plugin: '@mdx-js/rollup',
        pluginPackage: '@mdx-js/rollup',
        exportName: 'default',
        factory: mdx,
        options: {},
        plugins: wrap(),
      },
      { development: true },
    );
  });
});
