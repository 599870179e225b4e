// `warmbuild check` and `warmbuild cache` run from one bundled file (packages/core/build-worker.mjs,
// part of `pnpm build`): these drive the built CLI as a process and compare it with the unbundled main.js.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const coreDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/core/dist');
const bin = path.join(coreDist, 'cli/bin.js');
const bundle = path.join(coreDist, 'cli/main.bundle.js');
const plainMain = path.join(coreDist, 'cli/main.js');
type EntryModule = typeof import('../../packages/core/src/cli/entry.js');

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-cli-bundle-'));
  dirs.push(dir);
  return dir;
}
function write(root: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

/** A repository where every check family finds something. */
function fixture(): string {
  const root = tempDir();
  write(root, 'package.json', JSON.stringify({ name: 'fixture', version: '1.0.0', type: 'module' }));
  write(
    root,
    'docs/guide.md',
    '# Guide\n\n### Skipped level\n\nSee [setup](setup.md), [the readme](../README.md#nowhere) and [Readme](../readme.MD).\n',
  );
  write(root, 'README.md', '# Fixture\n\nTrailing spaces   \n');
  // Style rules run where markdownlint is configured.
  write(root, '.markdownlint.json', '{}\n');
  write(root, 'src/a.js', "import { b } from './b.js';\nexport const a = () => b;\n");
  write(root, 'src/b.js', "import { a } from './a.js';\nimport './missing.js';\nexport const b = () => a;\n");
  write(root, 'src/merged.js', '<<<<<<< HEAD\nexport const x = 1;\n=======\nexport const x = 2;\n>>>>>>> branch\n');
  write(root, 'src/data.js', `${'export const line = 1;\n'.repeat(30)}`);
  write(root, 'warmbuild.config.json', JSON.stringify({ largeFile: { maxLines: 20 } }));
  return root;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
const env = { ...process.env, FORCE_COLOR: '0', DEBUG: 'warmbuild' };
function viaBin(args: string[], cwd: string): Run {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
/** The same command through the unbundled dist/cli/main.js. */
function viaPlainMain(args: string[], cwd: string): Run {
  const script = `import { main } from ${JSON.stringify(pathToFileURL(plainMain).href)}; process.exitCode = await main(process.argv.slice(1));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, ...args], {
    cwd,
    encoding: 'utf8',
    env,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the bundled CLI', () => {
  it('is what bin.js runs for check, and reports exactly what the unbundled main.js reports, sharing its cache entries', () => {
    expect(fs.statSync(bundle).isFile()).toBe(true);
    const root = fixture();
    const cacheDir = path.join(tempDir(), 'cache');
    const args = ['check', root, '--format', 'json', '--cache-dir', cacheDir];

    const plain = viaPlainMain(args, root);
    expect(plain.stderr).not.toContain('warmbuild:cli running');
    const bundled = viaBin(args, root);
    expect(bundled.stderr).toContain(`warmbuild:cli running ${bundle}`);
    expect(bundled.code).toBe(plain.code);
    expect(bundled.code).toBe(1);

    const plainReport = JSON.parse(plain.stdout);
    const bundledReport = JSON.parse(bundled.stdout);
    expect(bundledReport.findings).toEqual(plainReport.findings);
    const rules = new Set(bundledReport.findings.map((finding: { rule: string }) => finding.rule));
    for (const rule of [
      'broken-link',
      'missing-anchor',
      'heading-increment',
      'no-trailing-spaces',
      'circular-import',
      'unresolved-import',
      'merge-conflict-marker',
      'large-file',
    ]) {
      expect(rules, rule).toContain(rule);
    }
    expect(bundledReport.stats.files).toEqual(plainReport.stats.files);
    // Same cache keys (version, hash algorithm, salts): the bundle reuses every entry main.js wrote.
    expect(plainReport.stats.cache.misses).toBeGreaterThan(0);
    expect(bundledReport.stats.cache.misses).toBe(0);
    expect(bundledReport.stats.cache.hits).toBeGreaterThan(0);

    // `cache stats` runs from the bundle too, and reads the same cache.
    const stats = viaBin(['cache', 'stats', root, '--cache-dir', cacheDir], root);
    expect(stats.stderr).toContain(`warmbuild:cli running ${bundle}`);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toBe(viaPlainMain(['cache', 'stats', root, '--cache-dir', cacheDir], root).stdout);
  });

  it('loads no HTTP or compression module on a run without a remote cache', () => {
    const root = fixture();
    const script =
      `const { main } = await import(${JSON.stringify(pathToFileURL(bundle).href)});` +
      `const code = await main(process.argv.slice(1));` +
      `process.stderr.write('builtins: ' + process.moduleLoadList.filter((name) => /^NativeModule (http|https|tls|zlib)$/.test(name)).join(',') + '\\n');` +
      `process.exitCode = code;`;
    const env = { ...process.env, WARMBUILD_REMOTE_URL: '' };
    for (const args of [
      ['check', root, '--format', 'json', '--cache-dir', path.join(tempDir(), 'cache')],
      ['cache', 'stats', root],
    ]) {
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, ...args], {
        cwd: root,
        encoding: 'utf8',
        env,
      });
      expect(result.stderr).toContain('builtins: \n');
    }
  });

  it('keeps --help and --version on main.js alone', () => {
    const help = viaBin(['--help'], tempDir());
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('warmbuild check [root]');
    expect(help.stderr).toContain(`warmbuild:cli running ${plainMain}`);
    expect(viaBin(['--version'], tempDir()).stderr).toContain(`warmbuild:cli running ${plainMain}`);
  });

  it('runs main.js when the bundle is missing or older than main.js (tsc ran without bundling)', async () => {
    const { cliEntry } = (await import(path.join(coreDist, 'cli/entry.js'))) as EntryModule;
    expect(cliEntry('check')).toBe(bundle);
    const dir = tempDir();
    const main = path.join(dir, 'main.js');
    const copy = path.join(dir, 'main.bundle.js');
    fs.writeFileSync(main, '');
    expect(cliEntry('check', dir)).toBe(main);
    fs.writeFileSync(copy, '');
    const now = Date.now() / 1000;
    fs.utimesSync(main, now, now);
    fs.utimesSync(copy, now, now - 60);
    expect(cliEntry('check', dir)).toBe(main);
    expect(cliEntry('cache', dir)).toBe(main);
    fs.utimesSync(copy, now, now + 1);
    expect(cliEntry('check', dir)).toBe(copy);
    expect(cliEntry('cache', dir)).toBe(copy);
    expect(cliEntry('--help', dir)).toBe(main);
    expect(cliEntry(undefined, dir)).toBe(main);
  });
});
