// Compatibility cell: Vite 7 (Rollup) + @vitejs/plugin-react v5 with the React Compiler passed
// inline (`react({ babel: { plugins: ['babel-plugin-react-compiler'] } })`), the form most apps use.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, it } from 'vitest';
import * as vite from 'vite';
import react from '@vitejs/plugin-react';
import { cached } from '@warmbuild/vite-plugin';
import { removeApps } from '../cell.js';
import { coldWarmAndDev, inlineBabelSetup, invalidation } from '../react-cells.js';

const setup = inlineBabelSetup(vite, react, cached, path.dirname(fileURLToPath(import.meta.url)));

afterAll(removeApps);

describe(`Vite ${vite.version} + @vitejs/plugin-react v5, React Compiler inline`, () => {
  it('warm build: every compiled module a hit, output identical to cold and uncached; dev refresh code identical', () =>
    coldWarmAndDev(setup));
  it('misses on a babel option, a babel config file, mode, NODE_ENV, the compiler version and the plugin version', () =>
    invalidation(setup));
});
