import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build, createLogger, type InlineConfig } from 'vite';
import warmbuild, { type WarmbuildPluginOptions } from '@warmbuild/vite-plugin';
import { bigModule, createFixture, largeFileOptions, type Fixture } from './fixture.js';

let fixture: Fixture;
afterEach(() => fixture?.cleanup());

function captureLogger() {
  const logger = createLogger('warn', { allowClearScreen: false });
  const warnings: string[] = [];
  logger.warn = (message) => void warnings.push(message);
  logger.warnOnce = (message) => void warnings.push(message);
  return { logger, warnings };
}

function viteBuild(options: WarmbuildPluginOptions, logger = captureLogger().logger) {
  const config: InlineConfig = {
    root: fixture.root,
    configFile: false,
    logLevel: 'warn',
    customLogger: logger,
    plugins: [warmbuild(options)],
    build: { minify: false },
  };
  return build(config);
}

describe('vite build with the warmbuild plugin', () => {
  it('passes with warnings, prints them once grouped with file locations, and writes report.json', async () => {
    fixture = createFixture({ big: true });
    const { logger, warnings } = captureLogger();
    await viteBuild(largeFileOptions(fixture.root), logger);
    const ours = warnings.filter((line) => line.includes('warmbuild'));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toContain('1 warning');
    expect(ours[0]).toMatch(/large-file \(1\)\n\s+src\/data\.js {2}40 lines, over the 20-line budget/);
    expect(fs.existsSync(path.join(fixture.root, 'dist/index.html'))).toBe(true);

    const report = fixture.report();
    expect(report).toMatchObject({
      reportVersion: 1,
      bundler: 'vite',
      mode: 'build',
      checks: { enabled: true, worker: false },
      summary: { error: 0, warning: 1, failOn: 'error', failed: false, byRule: { 'large-file': 1 } },
      cache: { diskEnabled: true },
    });
    expect(report.bundlerVersion).toMatch(/^8\./);
    expect(report.checks.timings.total).toBeGreaterThan(0);
    expect(report.checks.files?.total).toBeGreaterThanOrEqual(5);
    expect(report.memory.peakRssBytes).toBeGreaterThan(0);
    expect(report.findings[0]).toMatchObject({ rule: 'large-file', file: 'src/data.js' });
    // The build output is not checked: dist/ is excluded from the files the checks see.
    expect(JSON.stringify(report.findings)).not.toContain('dist/');
    expect(
      fs.readdirSync(path.join(fixture.root, 'node_modules/.cache/warmbuild')).filter((name) => name.endsWith('.tmp')),
    ).toEqual([]);
  });

  it("fails on an error finding under failOn 'error', naming file and fix, and still writes the report", async () => {
    fixture = createFixture({ big: true });
    const error = await viteBuild(largeFileOptions(fixture.root, true)).then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    expect(error?.message).toContain("at or above failOn 'error'");
    expect(error?.message).toContain('src/data.js  40 lines');
    expect(error?.message).toContain("set failOn: 'never'");
    expect(fixture.report().summary).toMatchObject({ error: 1, failed: true });
  });

  it('throws the error as Vite reports one: id, loc and code frame of the first finding, the others counted and listed, the report named', async () => {
    fixture = createFixture({ big: true });
    const options = { ...largeFileOptions(fixture.root, true, ['large-file', 'circular-import']), bundleGraph: true };
    type PluginError = Error & { id?: string; loc?: unknown; frame?: string; plugin?: string };
    const error = await viteBuild(options).then(
      () => undefined,
      (thrown: PluginError & { errors?: PluginError[] }) => thrown,
    );
    // Vite 8 (Rolldown) throws one error holding the plugin errors; Rollup-based Vite throws the plugin error itself.
    const reported = error?.errors?.[0] ?? error;
    const file = path.join(fixture.root, 'src/a.js');
    // The finding with a position comes first (large-file has none): the bundler can point at it.
    expect(reported?.plugin).toBe('warmbuild');
    expect(reported?.id).toBe(file);
    expect(reported?.loc).toEqual({ file, line: 1, column: 19 });
    expect(reported?.frame).toBe(
      [
        "> 1 | import { b } from './b.js';",
        '    |                   ^',
        "  2 | export function a() { return 'a' + b(); }",
        "  3 | export const name = 'a';",
      ].join('\n'),
    );
    expect(error?.message).toContain(
      'circular-import: src/a.js:1:19  import cycle in the bundle: src/a.js -> src/b.js -> src/a.js',
    );
    expect(error?.message).toMatch(
      /2 findings at or above failOn 'error'; the 1 other:\n {2}large-file \(1\)\n {4}src\/data\.js {2}40 lines/,
    );
    expect(error?.message).toContain('report: node_modules/.cache/warmbuild/report.json');
    expect(fixture.report().summary).toMatchObject({ error: 2, failed: true });
  });

  it("failOn 'never' reports errors without failing; failOn 'warning' fails on warnings", async () => {
    fixture = createFixture({ big: true });
    const { logger, warnings } = captureLogger();
    await viteBuild({ ...largeFileOptions(fixture.root, true), failOn: 'never' }, logger);
    expect(warnings.join('\n')).toContain('src/data.js');
    expect(fixture.report().summary).toMatchObject({ error: 1, failed: false, failOn: 'never' });

    await expect(viteBuild({ ...largeFileOptions(fixture.root), failOn: 'warning' })).rejects.toThrow(
      /src\/data\.js {2}40 lines[\s\S]*failOn 'warning'/,
    );
  });

  it('bundleGraph: reports the cycle the bundle ships, not cycles outside it, through dynamic imports or through type imports', async () => {
    fixture = createFixture();
    // A cycle between files the bundle never includes, and a cycle closed only by a dynamic import.
    fixture.write('scripts/x.js', "import './y.js';\n");
    fixture.write('scripts/y.js', "import './x.js';\n");
    fixture.write('src/lazy.js', "export const lazy = () => import('./main.js');\n");
    // A cycle closed only by a type import: the transform erases it before the bundler sees it.
    fixture.write(
      'src/types-a.ts',
      "import type { B } from './types-b';\nexport interface A { b?: B }\nexport const one = 1;\n",
    );
    fixture.write(
      'src/types-b.ts',
      "import { one } from './types-a';\nexport interface B { n: number }\nexport const two = one + 1;\n",
    );
    fixture.write(
      'src/main.js',
      `${fixture.read('src/main.js')}import { lazy } from './lazy.js';\nimport { two } from './types-b';\nlazy; two;\n`,
    );
    // circular-import is an error by default, like the parse-cache rule: the build fails on the bundled cycle.
    await expect(viteBuild({ root: fixture.root, bundleGraph: true })).rejects.toThrow(
      /src\/a\.js:1:19 {2}import cycle in the bundle: src\/a\.js -> src\/b\.js -> src\/a\.js/,
    );
    await viteBuild({ root: fixture.root, bundleGraph: true, rules: { 'circular-import': 'warning' } });
    const report = fixture.report();
    const cycles = report.findings.filter(
      (finding) => finding.rule === 'circular-import' && finding.graph === 'bundler',
    );
    expect(cycles).toHaveLength(1);
    // A parse-cache cycle check (when registered) may report scripts/x <-> y, but never the bundled a <-> b again.
    const parseCycles = report.findings.filter(
      (finding) => finding.rule === 'circular-import' && finding.graph !== 'bundler',
    );
    expect(parseCycles.filter((finding) => JSON.stringify(finding).includes('src/a.js'))).toEqual([]);
    expect(cycles[0]).toMatchObject({
      graph: 'bundler',
      file: 'src/a.js',
      line: 1,
      column: 19,
      cycle: ['src/a.js', 'src/b.js', 'src/a.js'],
    });
    expect(report.bundleGraph).toMatchObject({ cycles: 1 });
    // rules applies to the bundler-graph cycles too: 'off' drops them (and the engine's), and the build passes.
    await viteBuild({ root: fixture.root, bundleGraph: true, rules: { 'circular-import': 'off' } });
    expect(fixture.report().findings.filter((finding) => finding.rule === 'circular-import')).toEqual([]);
    expect(report.bundleGraph?.modules).toBeGreaterThanOrEqual(5);
  });

  it('checks in a worker thread (worker: true) give the same findings and report', async () => {
    fixture = createFixture({ big: true });
    await expect(viteBuild({ ...largeFileOptions(fixture.root, true), worker: true })).rejects.toThrow(
      /src\/data\.js {2}40 lines/,
    );
    expect(fixture.report().summary).toMatchObject({ error: 1, failed: true, byRule: { 'large-file': 1 } });
    await viteBuild({ ...largeFileOptions(fixture.root), worker: true, check: false });
    expect(fixture.report()).toMatchObject({
      checks: { enabled: false, timings: {} },
      summary: { error: 0, warning: 0 },
    });
  });

  it('a usage error in the options (an unknown rule) fails the build with the fix, from the worker', async () => {
    fixture = createFixture();
    await expect(viteBuild({ root: fixture.root, only: ['no-such-rule'], worker: true })).rejects.toThrow(
      /unknown rule "no-such-rule"[\s\S]*fix: use one of: .*large-file/,
    );
    expect(() => warmbuild({ failOn: 'sometimes' as never })).toThrow(
      /failOn must be one of 'error', 'warning', 'never'/,
    );
  });

  it('a bundler error still gets its report, with the findings and the error', async () => {
    fixture = createFixture({ big: true });
    fixture.write('src/b.js', 'export function b( {\n');
    await expect(viteBuild(largeFileOptions(fixture.root))).rejects.toThrow();
    const report = fixture.report();
    expect(report.buildError).toMatch(/b\.js|Unexpected|Expected/);
    expect(report.summary).toMatchObject({ warning: 1, byRule: { 'large-file': 1 } });
  });

  it('an unwritable cache directory: the build goes on uncached with one warning', async () => {
    fixture = createFixture({ big: true });
    fixture.write('blocker', 'a file where the cache directory should be\n');
    const { logger, warnings } = captureLogger();
    await viteBuild({ ...largeFileOptions(fixture.root), cache: { cacheDir: 'blocker/cache' } }, logger);
    expect(fs.existsSync(path.join(fixture.root, 'dist/index.html'))).toBe(true);
    const cacheWarnings = warnings.filter((line) => /not writable|could not write/.test(line));
    expect(cacheWarnings).toHaveLength(1);
    expect(cacheWarnings[0]).toContain('blocker/cache');
    // The findings are still reported.
    expect(warnings.join('\n')).toContain('src/data.js');
  });
});

describe('vite build --watch with the warmbuild plugin', () => {
  it('a rebuild re-checks the changed file; the error goes away once fixed', async () => {
    fixture = createFixture({ big: true });
    // Past the file-state index's racy window, unchanged files are trusted by stat alone.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const events: { code: string; error?: Error }[] = [];
    const watcher = (await build({
      root: fixture.root,
      configFile: false,
      logLevel: 'silent',
      plugins: [warmbuild(largeFileOptions(fixture.root, true))],
      build: { minify: false, watch: {} },
    })) as import('rolldown').RolldownWatcher;
    watcher.on('event', (event) => {
      events.push(event as { code: string; error?: Error });
      if ('result' in event && event.result) void event.result.close();
    });
    const waitFor = async (done: () => boolean) => {
      const deadline = Date.now() + 20_000;
      while (!done()) {
        if (Date.now() > deadline)
          throw new Error(`no such rebuild; events: ${events.map((event) => event.code).join(' ')}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const waitForEnd = (count: number) => waitFor(() => events.filter((event) => event.code === 'END').length >= count);
    try {
      await waitForEnd(1);
      expect(events.find((event) => event.code === 'ERROR')?.error?.message).toContain('src/data.js  40 lines');
      expect(fixture.report()).toMatchObject({ mode: 'watch', summary: { error: 1, failed: true } });
      fixture.write('src/data.js', 'export const v0 = 0;\n');
      await waitForEnd(2);
      expect(fixture.report()).toMatchObject({ mode: 'watch', summary: { error: 0, failed: false } });
      expect(fixture.report().checks.files?.read).toBe(1);
      expect(fs.existsSync(path.join(fixture.root, 'dist/index.html'))).toBe(true);
      const ended = events.length - 1;
      // A checked file the bundle does not import (the README) also triggers a rebuild and its re-check.
      // (The watcher may report the data.js write as two changes, so wait for the rebuild that failed, not for a count.)
      fixture.write('README.md', bigModule(25));
      await waitFor(() => events.some((event, index) => index > ended && event.code === 'ERROR'));
      expect(events.filter((event) => event.code === 'ERROR').at(-1)?.error?.message).toContain('README.md  25 lines');
    } finally {
      await watcher.close();
    }
  });
});
