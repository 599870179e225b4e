// On Vite 5 (Rollup): the build report names Vite's version (not Rollup's), runs checks in a worker
// under worker: 'auto', carries the same transform counters as the stats line and each plugin's
// transform time; and a dev server stopped with Ctrl-C still prints the stats line.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as vite from 'vite';
import react from '@vitejs/plugin-react';
import { cached, warmbuild } from '@warmbuild/vite-plugin';
import { REACT_APP } from '../apps.js';
import { buildApp, makeApp, removeApps, statsByPlugin, writeFiles, type ViteLike } from '../cell.js';

const cellDir = path.dirname(fileURLToPath(import.meta.url));
const compiler = { babel: { plugins: ['babel-plugin-react-compiler'] } };

afterAll(removeApps);

interface Report {
  bundlerVersion: string;
  checks: { worker: boolean };
  transformCache: { hits: number; misses: number; plugins: { plugin: string; hits: number }[] };
  transformTime: {
    plugins: { plugin: string; busyMs: number; share: number; calls: number }[];
    worthCaching?: string;
    cached: string[];
  };
}

describe(`Vite ${vite.version}: report.json and the dev server`, () => {
  it("report.json: Vite's version, checks in a worker, the stats line's counters, time per plugin", async () => {
    const root = makeApp(cellDir, REACT_APP);
    const stats = statsByPlugin();
    const plugins = () => [warmbuild({ only: ['large-file'] }), cached(react, compiler, { onStats: stats.onStats })];
    const readReport = () =>
      JSON.parse(
        fs.readFileSync(path.join(root, 'node_modules', '.cache', 'warmbuild', 'report.json'), 'utf8'),
      ) as Report;
    const cold = await buildApp(vite as unknown as ViteLike, root, plugins(), 'src/main.jsx');
    let report = readReport();
    expect(report.bundlerVersion).toBe(vite.version);
    expect(report.checks.worker).toBe(true);
    const coldStats = stats.of('vite:react-babel')!;
    expect(report.transformCache).toMatchObject({
      hits: 0,
      misses: coldStats.misses,
      plugins: [{ plugin: 'vite:react-babel' }],
    });
    const babelTime = report.transformTime.plugins.find((entry) => entry.plugin === 'vite:react-babel')!;
    expect(babelTime.calls).toBeGreaterThanOrEqual(coldStats.misses);
    expect(babelTime.share).toBeGreaterThan(0);
    expect(report.transformTime.cached).toContain('vite:react-babel');
    expect(cold.infos.join('\n')).toMatch(
      /warmbuild: transform time by plugin over a .* build: .*vite:react-babel \[cached\] /,
    );

    await buildApp(vite as unknown as ViteLike, root, plugins(), 'src/main.jsx');
    report = readReport();
    expect(report.transformCache).toMatchObject({ hits: coldStats.misses, misses: 0 });
    expect(stats.of('vite:react-babel')).toMatchObject({ hits: report.transformCache.hits });
  });

  it('an uncached slow plugin is named as the one worth caching; a fast build names none', async () => {
    const root = makeApp(cellDir, REACT_APP);
    const slow = {
      name: 'wb-slow',
      transform: (code: string) => {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
        return `${code}\n`;
      },
    };
    const withSlow = await buildApp(
      vite as unknown as ViteLike,
      root,
      [warmbuild({ only: ['large-file'] }), slow],
      'src/main.jsx',
    );
    expect(withSlow.infos.join('\n')).toMatch(/worth caching: wb-slow \(wrap it in cached\(\)\)/);
    const fast = await buildApp(
      vite as unknown as ViteLike,
      root,
      [warmbuild({ only: ['large-file'] })],
      'src/main.jsx',
    );
    expect(fast.infos.join('\n')).toMatch(/no uncached plugin takes 10% of the build/);
  });

  it('prints the stats line when a dev server is stopped with Ctrl-C', async () => {
    const root = makeApp(cellDir, REACT_APP);
    writeFiles(root, {
      'serve.mjs': `import { createServer } from 'vite';
import react from '@vitejs/plugin-react';
import { cached } from '@warmbuild/vite-plugin';
const server = await createServer({
  configFile: false, root: process.cwd(), logLevel: 'info',
  plugins: [cached(react, { babel: { plugins: ['babel-plugin-react-compiler'] } })],
  server: { middlewareMode: true, ws: false, watch: null },
  optimizeDeps: { noDiscovery: true, include: [] },
});
await server.transformRequest('/src/App.jsx');
console.log('ready');
setInterval(() => {}, 1000);
`,
    });
    const child = spawn(process.execPath, ['serve.mjs'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'development' },
    });
    let output = '';
    const ready = new Promise<void>((resolve) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('ready')) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
    });
    await ready;
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    child.kill('SIGINT');
    // The signal still ends the process as Ctrl-C does.
    expect(await exited).toBe('SIGINT');
    expect(output).toMatch(/warmbuild transform cache \(vite:react-babel\): 0 hits, 1 misses, 0 bypassed/);
  });
});
