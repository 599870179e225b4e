// Compatibility cell: Vite 8 (Rolldown) + @vitejs/plugin-react v6 + @rolldown/plugin-babel with
// `reactCompilerPreset()`, the form the React Compiler docs show for Vite 8.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, it } from 'vitest';
import * as vite from 'vite';
import react, { reactCompilerPreset } from '@vitejs/plugin-react';
import babel from '@rolldown/plugin-babel';
import { cached } from '@warmbuild/vite-plugin';
import { removeApps, type ViteLike } from '../cell.js';
import { coldWarmAndDev, invalidation, type ReactSetup } from '../react-cells.js';

const setup: ReactSetup = {
  vite: vite as unknown as ViteLike,
  cellDir: path.dirname(fileURLToPath(import.meta.url)),
  compilerPlugin: '@rolldown/plugin-babel',
  pluginPackage: '@rolldown/plugin-babel',
  plugins(useCache, onStats, compilerOptions, factories) {
    const factory = (factories?.compiler ?? babel) as typeof babel;
    const options = { presets: [reactCompilerPreset(compilerOptions ?? {})] };
    return [react(), useCache ? cached(factory, options, { onStats }) : factory(options)];
  },
};

afterAll(removeApps);

describe(`Vite ${vite.version} + @vitejs/plugin-react v6 + @rolldown/plugin-babel, reactCompilerPreset()`, () => {
  it('warm build: every compiled module a hit, output identical to cold and uncached; dev refresh code identical', () =>
    coldWarmAndDev(setup));
  it('misses on a babel option, a babel config file, mode, NODE_ENV, the compiler version and the plugin version', () =>
    invalidation(setup));
});
