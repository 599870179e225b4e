// Compatibility cell: Vite 8 (Rolldown) + vite-plugin-babel with a custom babel plugin
// (@babel/plugin-proposal-decorators), the "babel for one proposal" setup teams keep beside Vite.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as vite from 'vite';
import babel from 'vite-plugin-babel';
import type { PluginInput } from '@warmbuild/core';
import { cached } from '@warmbuild/vite-plugin';
import { DECORATORS_APP, DECORATORS_MODULES } from '../apps.js';
import { copyPackageWithVersion, removeApps, type ViteLike } from '../cell.js';
import { coldWarm } from '../plugin-cells.js';
import { warmApp, type InvalidationCell, type WarmApp } from '../plugin-invalidation.js';

type Factory = (options: Record<string, unknown>) => PluginInput;
const base = { vite: vite as unknown as ViteLike, cellDir: path.dirname(fileURLToPath(import.meta.url)) };
// Named by string, as its README shows: babel resolves it from Vite's root (vite-plugin-babel passes root as cwd).
const decorators = (version: string) => ({
  babelConfig: { plugins: [['@babel/plugin-proposal-decorators', { version }]] },
});

afterAll(removeApps);

describe(`Vite ${vite.version} + vite-plugin-babel + @babel/plugin-proposal-decorators`, () => {
  it('warm build: every module a hit, none bypassed, output identical to cold and uncached', async () => {
    const { cold } = await coldWarm({
      ...base,
      files: DECORATORS_APP,
      entry: 'src/main.js',
      expect: { 'babel-plugin': DECORATORS_MODULES },
      plugins: (useCache, onStats) => [
        useCache ? cached(babel, decorators('2023-11'), { onStats }) : babel(decorators('2023-11')),
      ],
    });
    // The decorators were compiled (babel's decorator helper inlined), not left for the bundler to choke on.
    expect(cold.output['main.js']).toContain('addInitializer after decoration');
    expect(cold.output['main.js']).not.toMatch(/^\s*@logged/m);
  });

  describe('misses on', () => {
    const cell: InvalidationCell = {
      ...base,
      files: DECORATORS_APP,
      entry: 'src/main.js',
      plugin: 'babel-plugin',
      pluginPackage: 'vite-plugin-babel',
      exportName: 'default',
      factory: babel,
      options: decorators('2023-11'),
      plugins: (factory, options, cache) => [
        cache ? cached(factory as Factory, options, cache) : (factory as Factory)(options),
      ],
    };
    let app: WarmApp;
    beforeAll(async () => {
      app = await warmApp(cell);
      expect(app.stored).toBe(DECORATORS_MODULES);
    });

    it("a babel plugin's option (the decorators proposal version)", async () => {
      const changed = await app.expectMiss({ options: decorators('2023-05') });
      expect(changed.output['main.js']).not.toEqual(app.cold.output['main.js']);
    });

    it('a babel config file (vite-plugin-babel turns off .babelrc, not babel.config.json)', async () => {
      const configFile = path.join(app.root, 'babel.config.json');
      fs.writeFileSync(configFile, '{ "comments": false }\n');
      try {
        await app.expectMiss();
      } finally {
        fs.rmSync(configFile);
      }
    });

    it("the babel plugin's version (a bumped copy where babel resolves it from the root)", async () => {
      const copy = copyPackageWithVersion(app.root, cell.cellDir, '@babel/plugin-proposal-decorators', '99.0.0-compat');
      try {
        await app.expectMiss();
      } finally {
        fs.rmSync(copy, { recursive: true });
      }
    });

    it("vite-plugin-babel's version", async () => {
      const copy = copyPackageWithVersion(app.root, cell.cellDir, 'vite-plugin-babel', '99.0.0-compat');
      const upgraded = (await import(pathToFileURL(path.join(copy, 'dist/index.mjs')).href)) as { default: unknown };
      await app.expectMiss({ factory: upgraded.default });
    });
  });
});
