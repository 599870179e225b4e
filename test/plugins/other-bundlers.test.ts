import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rollup } from 'rollup';
import { rolldown } from 'rolldown';
import * as esbuild from 'esbuild';
import { rspack, type Stats as RspackStats } from '@rspack/core';
import { warmbuildEsbuild, warmbuildRolldown, warmbuildRollup } from '@warmbuild/vite-plugin';
import { warmbuildRspack } from '@warmbuild/webpack-plugin';
import { createFixture, largeFileOptions, type Fixture } from './fixture.js';

let fixture: Fixture;
afterEach(() => fixture?.cleanup());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: Error) => error,
  );

describe('the same plugin on rollup, rolldown, esbuild and rspack', () => {
  it('rollup: warnings pass with a report; errors fail the build', async () => {
    fixture = createFixture({ big: true });
    const warnings: string[] = [];
    const input = path.join(fixture.root, 'src/main.js');
    const bundle = await rollup({
      input,
      plugins: [
        warmbuildRollup({
          ...largeFileOptions(fixture.root, false, ['large-file', 'circular-import']),
          bundleGraph: true,
          rules: { 'circular-import': 'warning' },
        }),
      ],
      onwarn: (warning) => void warnings.push(warning.message),
    });
    await bundle.generate({ format: 'es' });
    await bundle.close();
    expect(warnings.join('\n')).toContain('src/data.js  40 lines');
    expect(fixture.report()).toMatchObject({
      bundler: 'rollup',
      mode: 'build',
      summary: { warning: 2 },
      bundleGraph: { cycles: 1 },
    });

    const failing = await rollup({
      input,
      plugins: [warmbuildRollup(largeFileOptions(fixture.root, true))],
      onwarn: () => undefined,
    });
    const error = await failure(failing.generate({ format: 'es' }));
    await failing.close();
    expect(error?.message).toContain('src/data.js  40 lines');
  });

  it('rolldown: warnings pass with a report; errors fail the build', async () => {
    fixture = createFixture({ big: true });
    const input = path.join(fixture.root, 'src/main.js');
    const bundle = await rolldown({
      input,
      plugins: [
        warmbuildRolldown({
          ...largeFileOptions(fixture.root, false, ['large-file', 'circular-import']),
          bundleGraph: true,
          rules: { 'circular-import': 'warning' },
        }),
      ],
      onLog: () => undefined,
    });
    await bundle.generate({ format: 'es' });
    await bundle.close();
    expect(fixture.report()).toMatchObject({
      bundler: 'rolldown',
      summary: { warning: 2, byRule: { 'circular-import': 1 } },
    });
    expect(fixture.report().bundlerVersion).toMatch(/^1\./);

    const failing = await rolldown({
      input,
      plugins: [warmbuildRolldown(largeFileOptions(fixture.root, true))],
      onLog: () => undefined,
    });
    const error = await failure(failing.generate({ format: 'es' }));
    await failing.close();
    expect(error?.message).toContain('src/data.js  40 lines');
  });

  it('esbuild: warnings pass with a report (metafile graph for cycles); errors fail the build', async () => {
    fixture = createFixture({ big: true });
    const common = {
      absWorkingDir: fixture.root,
      entryPoints: ['src/main.js'],
      bundle: true,
      write: false,
      logLevel: 'silent' as const,
    };
    const result = await esbuild.build({
      ...common,
      plugins: [
        warmbuildEsbuild({
          ...largeFileOptions(fixture.root, false, ['large-file', 'circular-import']),
          bundleGraph: true,
          rules: { 'circular-import': 'warning' },
        }),
      ],
    });
    expect(result.warnings.map((warning) => warning.text).join('\n')).toContain('src/data.js  40 lines');
    expect(fixture.report()).toMatchObject({
      bundler: 'esbuild',
      mode: 'build',
      summary: { warning: 2, byRule: { 'circular-import': 1 } },
      bundleGraph: { modules: 4, cycles: 1 },
    });

    const error = await failure(
      esbuild.build({ ...common, plugins: [warmbuildEsbuild(largeFileOptions(fixture.root, true))] }),
    );
    expect(error?.message).toContain('src/data.js  40 lines');

    // An error with a position carries it as esbuild's location (0-based column), from which esbuild prints the line.
    const located = (await failure(
      esbuild.build({
        ...common,
        plugins: [warmbuildEsbuild({ root: fixture.root, only: ['circular-import'], bundleGraph: true })],
      }),
    )) as (Error & { errors?: esbuild.Message[] }) | undefined;
    expect(located?.errors?.[0]).toMatchObject({
      text: expect.stringMatching(/^circular-import: src\/a\.js:1:19 {2}import cycle in the bundle/),
      location: { file: 'src/a.js', line: 1, column: 18, lineText: "import { b } from './b.js';" },
    });
  });

  it('rspack: errors land in the compilation and fail the build; its module graph feeds the cycle check', async () => {
    fixture = createFixture({ big: true });
    const compiler = rspack({
      mode: 'production',
      context: fixture.root,
      entry: './src/main.js',
      output: { path: path.join(fixture.root, 'dist') },
      plugins: [
        warmbuildRspack({
          ...largeFileOptions(fixture.root, true, ['large-file', 'circular-import']),
          bundleGraph: true,
          rules: { 'large-file': 'error', 'circular-import': 'warning' },
        }),
      ],
    });
    const stats = await new Promise<RspackStats>((resolve, reject) =>
      compiler.run((error, result) => compiler.close(() => (error ? reject(error) : resolve(result!)))),
    );
    expect(stats.hasErrors()).toBe(true);
    expect(
      stats
        .toJson({ all: false, errors: true })
        .errors!.map((entry) => entry.message)
        .join('\n'),
    ).toContain('src/data.js  40 lines');
    expect(fixture.report()).toMatchObject({
      bundler: 'rspack',
      summary: { error: 1, failed: true, byRule: { 'circular-import': 1 } },
      bundleGraph: { cycles: 1 },
    });
    expect(fixture.report().bundlerVersion).toMatch(/^2\./);
    expect(fs.existsSync(path.join(fixture.root, 'dist/main.js'))).toBe(false);
  });
});
