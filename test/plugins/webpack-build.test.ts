import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import webpack, { type Configuration, type Stats } from 'webpack';
import warmbuild, { type WarmbuildPluginOptions } from '@warmbuild/webpack-plugin';
import { bigModule, createFixture, largeFileOptions, type Fixture } from './fixture.js';

let fixture: Fixture;
afterEach(() => fixture?.cleanup());

function config(options: WarmbuildPluginOptions, extra: Configuration = {}): Configuration {
  return {
    mode: 'production',
    context: fixture.root,
    entry: './src/main.js',
    output: { path: path.join(fixture.root, 'dist'), filename: 'main.js' },
    optimization: { minimize: false },
    infrastructureLogging: { level: 'none' },
    plugins: [warmbuild(options)],
    ...extra,
  };
}

function run(configuration: Configuration): Promise<Stats> {
  const compiler = webpack(configuration);
  return new Promise((resolve, reject) => {
    compiler.run((error, stats) => {
      compiler.close(() => (error ? reject(error) : resolve(stats!)));
    });
  });
}

const messages = (stats: Stats, kind: 'errors' | 'warnings') =>
  stats.toJson({ all: false, [kind]: true })[kind]!.map((entry) => entry.message);

describe('webpack with the warmbuild plugin', () => {
  it('a production build fails on an error finding and emits nothing; the report says why', async () => {
    fixture = createFixture({ big: true });
    const stats = await run(config(largeFileOptions(fixture.root, true)));
    expect(stats.hasErrors()).toBe(true);
    const [error] = messages(stats, 'errors');
    expect(error).toContain("at or above failOn 'error'");
    expect(error).toContain('src/data.js  40 lines, over the 20-line budget');
    expect(fs.existsSync(path.join(fixture.root, 'dist/main.js'))).toBe(false);
    expect(fixture.report()).toMatchObject({
      bundler: 'webpack',
      mode: 'build',
      checks: { worker: true },
      summary: { error: 1, failed: true },
    });
    expect(fixture.report().bundlerVersion).toMatch(/^5\./);
  });

  it('warnings become one grouped webpack warning and the build succeeds', async () => {
    fixture = createFixture({ big: true });
    const stats = await run(config(largeFileOptions(fixture.root)));
    expect(stats.hasErrors()).toBe(false);
    const warnings = messages(stats, 'warnings').filter((message) => message.includes('warmbuild'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/large-file \(1\)\n\s+src\/data\.js {2}40 lines/);
    expect(fs.existsSync(path.join(fixture.root, 'dist/main.js'))).toBe(true);
    expect(fixture.report().summary).toMatchObject({ warning: 1, failed: false });
  });

  it('bundleGraph reads compilation.moduleGraph: the bundled cycle is reported', async () => {
    fixture = createFixture();
    const stats = await run(config({ root: fixture.root, bundleGraph: true, only: ['circular-import'] }));
    expect(stats.hasErrors()).toBe(true);
    const report = fixture.report();
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'circular-import',
        graph: 'bundler',
        cycle: ['src/a.js', 'src/b.js', 'src/a.js'],
      }),
    ]);
    expect(report.bundleGraph).toMatchObject({ modules: 4, cycles: 1 });
    // The error is a WebpackError with webpack's own file and loc fields; stats print them in the `ERROR in src/a.js` header.
    const [error] = stats.toJson({ all: false, errors: true }).errors!;
    expect(error).toMatchObject({ file: 'src/a.js', loc: '1:19' });
    expect(error.message).toContain(
      [
        'circular-import: src/a.js:1:19  import cycle in the bundle: src/a.js -> src/b.js -> src/a.js',
        '',
        "> 1 | import { b } from './b.js';",
        '    |                   ^',
      ].join('\n'),
    );
    expect(stats.toString({ all: false, errors: true })).toMatch(/^ERROR in src\/a\.js\n1:19\ncircular-import: /m);
  });

  it('watch mode: findings are compilation errors, re-checked on change, and disappear once fixed', async () => {
    fixture = createFixture({ big: true });
    // Past the file-state index's racy window, unchanged files are trusted by stat alone.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const compiler = webpack(
      config(largeFileOptions(fixture.root, true), { mode: 'development', watchOptions: { aggregateTimeout: 20 } }),
    );
    const builds: Stats[] = [];
    let notify: (() => void) | undefined;
    const watching = compiler.watch({ aggregateTimeout: 20 }, (error, stats) => {
      if (error) throw error;
      builds.push(stats!);
      notify?.();
    });
    const nextBuild = (count: number) =>
      new Promise<void>((resolve) => {
        notify = () => builds.length >= count && resolve();
        notify();
      });
    try {
      await nextBuild(1);
      expect(messages(builds[0], 'errors').join('\n')).toContain('src/data.js  40 lines');
      // Fix: shrink the file (a small edit first leaves it failing, then fixed).
      fixture.write('src/data.js', bigModule(30));
      await nextBuild(2);
      expect(messages(builds[1], 'errors').join('\n')).toContain('src/data.js  30 lines');
      fixture.write('src/data.js', 'export const v0 = 0;\n');
      await nextBuild(3);
      expect(builds[2].hasErrors()).toBe(false);
      expect(fixture.report()).toMatchObject({ mode: 'watch', summary: { error: 0, failed: false } });
      // The re-check was incremental: only the changed file was read again.
      expect(fixture.report().checks.files?.read).toBe(1);
      // A checked file the bundle does not import (the README) also triggers a rebuild and its re-check.
      // (The watcher may report one write as two changes: wait for the rebuild that failed, not for a count.)
      const built = builds.length;
      fixture.write('README.md', bigModule(25));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no failing rebuild after the README edit (${builds.length} builds)`)),
          20_000,
        );
        notify = () => {
          if (builds.slice(built).some((stats) => stats.hasErrors())) {
            clearTimeout(timer);
            resolve();
          }
        };
        notify();
      });
      expect(messages(builds.slice(built).find((stats) => stats.hasErrors())!, 'errors').join('\n')).toContain(
        'README.md  25 lines',
      );
    } finally {
      await new Promise((resolve) => watching!.close(resolve));
      // As webpack's docs do after a watch: shutdown waits until the checks' cache is flushed.
      await new Promise((resolve) => compiler.close(resolve));
    }
  });
});
