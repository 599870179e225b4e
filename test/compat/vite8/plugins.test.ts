// Compatibility cells on Vite 8 (Rolldown) for the other slow transforms teams name: Vue SFCs,
// Svelte components, SVGs as React components (vite-plugin-svgr, whose work is in `load`), and MDX.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as vite from 'vite';
import vue from '@vitejs/plugin-vue';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import svgr from 'vite-plugin-svgr';
import mdx from '@mdx-js/rollup';
import { cached } from '@warmbuild/vite-plugin';
import { MDX_APP, SVELTE_APP, SVGR_APP, VUE_APP } from '../apps.js';
import { removeApps, type ViteLike } from '../cell.js';
import { coldWarm } from '../plugin-cells.js';

const base = { vite: vite as unknown as ViteLike, cellDir: path.dirname(fileURLToPath(import.meta.url)) };

afterAll(removeApps);

describe(`Vite ${vite.version}: cached() around other slow transforms`, () => {
  it('@vitejs/plugin-vue: three SFCs (script setup, template, scoped and global style blocks)', async () => {
    const { cold } = await coldWarm({
      ...base,
      files: VUE_APP,
      entry: 'src/main.js',
      // The SFCs and their style sub-modules (`App.vue?vue&type=style&index=0&scoped=...`).
      expect: { 'vite:vue': 5 },
      plugins: (useCache, onStats) => [useCache ? cached(vue, {}, { onStats }) : vue({})],
    });
    expect(cold.output['main.js']).toContain('Hello ');
    expect(cold.output['main.css']).toContain('rebeccapurple');
  });

  it('@sveltejs/vite-plugin-svelte: three components, CSS through module meta', async () => {
    const { cold } = await coldWarm({
      ...base,
      files: SVELTE_APP,
      entry: 'src/main.js',
      expect: { 'vite-plugin-svelte:compile': 3 },
      plugins: (useCache, onStats) => [useCache ? cached(svelte, {}, { onStats }) : svelte({})],
    });
    // The compiled CSS reaches the CSS module through the (replayed) transform meta.
    expect(cold.output['main.css']).toContain('rebeccapurple');
  });

  it('vite-plugin-svgr: two SVGs as components, its `load` cached with { load: true }', async () => {
    const { cold } = await coldWarm({
      ...base,
      files: SVGR_APP,
      entry: 'src/main.jsx',
      expect: { 'vite-plugin-svgr': 2 },
      plugins: (useCache, onStats) => [useCache ? cached(svgr, {}, { load: true, onStats }) : svgr({})],
    });
    expect(cold.output['main.js']).toContain('circle');
  });

  it('@mdx-js/rollup: two MDX pages, one importing a component', async () => {
    const { cold } = await coldWarm({
      ...base,
      files: MDX_APP,
      entry: 'src/main.js',
      expect: { '@mdx-js/rollup': 2 },
      plugins: (useCache, onStats) => [useCache ? cached(mdx, {}, { onStats }) : mdx({})],
    });
    expect(cold.output['main.js']).toContain('emphasis');
  });
});
