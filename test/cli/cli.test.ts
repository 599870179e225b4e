import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without types
import { generateRepo } from '../../bench/synthetic-repo.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repoRoot, 'packages/core/dist/cli/bin.js');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});
function tempRoot(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-cli-'));
  dirs.push(dir);
  return dir;
}
function run(args: string[], cwd = repoRoot) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
function json(args: string[]) {
  const result = run([...args, '--format', 'json']);
  return { ...result, report: JSON.parse(result.stdout) };
}

describe('warmbuild CLI (as a process)', () => {
  it('prints help and version, and rejects unknown commands and options with exit 2', () => {
    const help = run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('warmbuild check [root]');
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const unknown = run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const badOption = run(['check', '--colour']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/Unknown option '--colour'/);
    const badFormat = run(['check', '--format', 'xml']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('--format must be one of text, json, sarif');
    const badRule = run(['check', '--only', 'no-such-rule']);
    expect(badRule.code).toBe(2);
    expect(badRule.stderr).toContain('unknown rule "no-such-rule"');
    const missingRoot = run(['check', path.join(os.tmpdir(), 'definitely-not-here-warmbuild')]);
    expect(missingRoot.code).toBe(2);
    expect(missingRoot.stderr).toContain('does not exist');
  });

  it('reports findings in the JSON contract with repo-relative paths', () => {
    const root = tempRoot();
    fs.mkdirSync(path.join(root, 'src', 'sub dir'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src', 'sub dir', 'huge ü.txt'), 'x'.repeat(2_000_000));
    fs.writeFileSync(path.join(root, 'src', 'ok.ts'), 'export {};\n');
    fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'src', 'dangling.ts'));
    const { code, report } = json(['check', root]);
    expect(code).toBe(0); // warnings only
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'unreadable-file',
        severity: 'warning',
        file: 'src/dangling.ts',
        line: 0,
        column: 0,
      }),
      expect.objectContaining({
        rule: 'large-file',
        severity: 'warning',
        file: 'src/sub dir/huge ü.txt',
        message: expect.stringContaining('2000000 bytes'),
      }),
    ]);
    expect(report.stats.files).toMatchObject({ total: 3, errors: 1 });
    expect(report.stats.cache).toMatchObject({
      hits: expect.any(Number),
      misses: expect.any(Number),
      hitRate: expect.any(Number),
    });
    const only = json(['check', root, '--only', 'unreadable-file']);
    expect(only.report.findings.map((f: { rule: string }) => f.rule)).toEqual(['unreadable-file']);
    const text = run(['check', root]);
    expect(text.stdout).toContain('src/sub dir/huge ü.txt  warning');
    expect(text.stdout).toContain('2 findings: 0 error, 2 warning, 0 info');
  });

  it('on a 10,000-file repository, a warm run reads no unchanged file, and an edit re-reads only that file', () => {
    const root = tempRoot();
    generateRepo(root, { files: 10_000 });
    const cold = json(['check', root]);
    expect(cold.code).toBe(0);
    const total = cold.report.stats.files.total;
    expect(total).toBeGreaterThanOrEqual(9_990);
    expect(cold.report.stats.files.read).toBe(total);

    const warm = json(['check', root]);
    expect(warm.report.stats.files).toMatchObject({ total, read: 0, statOnly: total });
    expect(warm.report.stats.cache.filesHashed).toBe(0);
    expect(warm.report.stats.cache.misses).toBe(0);
    expect(warm.report.findings).toEqual(cold.report.findings);

    const edited = path.join(root, 'src/area-3/part-0/module-3.ts');
    fs.appendFileSync(edited, '// edited\n');
    const past = new Date(Date.now() - 30_000);
    fs.utimesSync(edited, past, past);
    const afterEdit = json(['check', root]);
    expect(afterEdit.report.stats.files).toMatchObject({ total, read: 1, statOnly: total - 1 });
    // Each check that looks at .ts files recomputes that one file and nothing else.
    expect(afterEdit.report.stats.cache.misses).toBeGreaterThanOrEqual(1);
    fs.appendFileSync(edited, '// edited again\n');
    fs.utimesSync(edited, past, new Date(Date.now() - 20_000));
    const onlyOne = json(['check', root, '--only', 'large-file']);
    expect(onlyOne.report.stats.files).toMatchObject({ total, read: 1 });
    expect(onlyOne.report.stats.cache.misses).toBe(1);
  });

  it('--no-cache writes nothing; cache stats, prune and clear manage the directory', () => {
    const root = tempRoot();
    generateRepo(root, { files: 200 });
    run(['check', root, '--no-cache']);
    expect(fs.existsSync(path.join(root, 'node_modules/.cache/warmbuild'))).toBe(false);
    const cacheDir = path.join(root, 'custom cache');
    expect(run(['check', root, '--cache-dir', cacheDir]).code).toBe(0);
    const stats = JSON.parse(run(['cache', 'stats', root, '--cache-dir', cacheDir, '--format', 'json']).stdout);
    expect(stats.entries).toBeGreaterThan(0);
    expect(stats.bytes).toBeGreaterThan(200 * 32); // a content hash per file at least
    expect(stats.namespaces['large-file'].entries).toBeGreaterThan(0);
    expect(stats.lifetime).toMatchObject({ runs: 1, misses: expect.any(Number), bytesWritten: expect.any(Number) });
    expect(stats.lifetime.misses).toBeGreaterThan(0);
    expect(stats.lifetime.lastRun.diskEnabled).toBe(true);
    const pruned = JSON.parse(
      run(['cache', 'prune', root, '--cache-dir', cacheDir, '--max-size', '0.001', '--format', 'json']).stdout,
    );
    expect(pruned.removed).toBeGreaterThan(0);
    expect(pruned.bytesRemaining).toBeLessThanOrEqual(0.001 * 1024 * 1024);
    expect(run(['cache', 'clear', root, '--cache-dir', cacheDir]).code).toBe(0);
    const after = JSON.parse(run(['cache', 'stats', root, '--cache-dir', cacheDir, '--format', 'json']).stdout);
    expect(after.entries).toBe(0);
    expect(run(['cache', 'explode', root]).code).toBe(2);
  });

  it('reads warmbuild.config.json: rule severities, off switches and options; bad config names the file', () => {
    const root = tempRoot();
    fs.writeFileSync(path.join(root, 'big.txt'), 'x\n'.repeat(50));
    fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'dangling.txt'));
    const config = path.join(root, 'warmbuild.config.json');
    fs.writeFileSync(
      config,
      '{\n  // comments are fine\n  "largeFile": { "maxLines": 10 },\n  "rules": { "large-file": "error", "unreadable-file": "off" },\n}\n',
    );
    const strict = json(['check', root, '--only', 'large-file,unreadable-file']);
    expect(strict.code).toBe(1);
    expect(strict.report.findings).toEqual([
      expect.objectContaining({
        rule: 'large-file',
        severity: 'error',
        file: 'big.txt',
        message: expect.stringContaining('50 lines'),
      }),
    ]);
    fs.writeFileSync(config, '{ "largeFile": { "maxLines": 10 }, }\n{');
    const broken = run(['check', root]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('warmbuild.config.json:2:1');
    fs.writeFileSync(config, '{ "largeFiles": {} }');
    const unknown = run(['check', root]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown option "largeFiles"');
    expect(unknown.stderr).toContain('warmbuild.config.json');
  });

  it('goes on without the disk cache when the cache directory is unwritable, saying so once', () => {
    const root = tempRoot();
    generateRepo(root, { files: 100 });
    const blocked = path.join(root, 'blocked');
    fs.writeFileSync(blocked, 'a file where the cache directory should be');
    const result = run(['check', root, '--cache-dir', blocked, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).stats.cache.diskEnabled).toBe(false);
    expect(result.stderr.match(/not writable/g)).toHaveLength(1);
  });
});
