// Compatibility cell: a vitest run of a React component test, with the React Compiler wrapped in
// cached() in vitest.config, run twice as separate processes (cold, then warm): the same cache
// serves tests as it serves builds, keyed apart from them by environment and mode.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { TransformCacheStats } from '@warmbuild/core';
import { REACT_APP, REACT_JSX_MODULES } from '../apps.js';
import { makeApp, removeApps } from '../cell.js';

const cellDir = path.dirname(fileURLToPath(import.meta.url));
const vitestBin = path.join(cellDir, 'node_modules', 'vitest', 'vitest.mjs');

const CONFIG = `import fs from 'node:fs';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import babel from '@rolldown/plugin-babel';
import { cached } from '@warmbuild/vite-plugin';

export default defineConfig({
  plugins: [
    react(),
    cached(babel, { plugins: ['babel-plugin-react-compiler'] }, {
      onStats: (stats) => fs.appendFileSync('stats.jsonl', JSON.stringify(stats) + '\\n'),
    }),
  ],
  test: { include: ['src/**/*.test.jsx'], environment: 'node' },
});
`;

const TEST = `import { renderToString } from 'react-dom/server';
import { expect, test } from 'vitest';
import { App } from './App.jsx';

test('renders the app', () => {
  expect(renderToString(<App title="compat" />)).toContain('clicked 1 times');
});
`;

afterAll(removeApps);

async function runVitest(root: string): Promise<TransformCacheStats[]> {
  fs.rmSync(path.join(root, 'stats.jsonl'), { force: true });
  // The outer vitest's variables would make the inner one think it is a worker of this run.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith('VITEST') && name !== 'NODE_ENV' && name !== 'TEST',
    ),
  );
  await promisify(execFile)(process.execPath, [vitestBin, 'run'], { cwd: root, env, timeout: 60_000 });
  return fs
    .readFileSync(path.join(root, 'stats.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TransformCacheStats);
}

describe('vitest run with the React Compiler in cached()', () => {
  it('the second run is served from the cache', async () => {
    const root = makeApp(cellDir, { ...REACT_APP, 'src/App.test.jsx': TEST, 'vitest.config.mjs': CONFIG });
    const [cold] = await runVitest(root);
    expect(cold).toMatchObject({ plugin: '@rolldown/plugin-babel', hits: 0, bypassed: 0 });
    // The components and the test file itself.
    expect(cold!.misses).toBeGreaterThanOrEqual(REACT_JSX_MODULES);
    const [warm] = await runVitest(root);
    expect(warm).toMatchObject({ hits: cold!.misses, misses: 0, bypassed: 0 });
  });
});
