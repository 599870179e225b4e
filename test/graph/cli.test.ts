import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { writeRepo } from './fixture.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/core/dist/cli/bin.js');

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function cyclicRepo(extra: Record<string, string> = {}) {
  return writeRepo({
    'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }',
    'src/a.ts': "import { b } from '@/b';\nexport const a = () => b();\n",
    'src/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    'src/types.ts': "import type { a } from './a';\nexport type A = typeof a;\n",
    'src/uses-types.ts': "import { A } from './types';\nimport { a } from './a';\nexport const x: A = a;\n",
    'src/broken.ts': 'export const = 1;\n',
    ...extra,
  });
}

describe('warmbuild check (module graph) as a process', () => {
  it('prints findings with code frames and exits 1', () => {
    const root = cyclicRepo();
    const { status, stdout } = cli(['check', root, '--only', 'circular-import,parse-error']);
    expect(status).toBe(1);
    expect(stdout).toContain(
      'src/b.ts:1:19  error  circular import among 2 modules: src/a.ts -> src/b.ts -> src/a.ts  [circular-import]',
    );
    expect(stdout).toContain("> 1 | import { a } from './a';");
    expect(stdout).toMatch(/src\/broken\.ts:1:14 {2}error {2}does not parse/);
    expect(stdout).toContain('2 findings: 2 error');
  });

  it('keeps the JSON contract and caches: a warm run neither loads TypeScript nor parses', () => {
    const root = cyclicRepo();
    const first = cli(['check', root, '--only', 'circular-import,unresolved-import', '--format', 'json'], {
      DEBUG: 'warmbuild',
    });
    const report = JSON.parse(first.stdout) as {
      findings: Record<string, unknown>[];
      stats: { cache: { misses: number } };
    };
    expect(report.findings).toEqual([
      {
        rule: 'circular-import',
        severity: 'error',
        file: 'src/b.ts',
        line: 1,
        column: 19,
        message: 'circular import among 2 modules: src/a.ts -> src/b.ts -> src/a.ts',
        modules: ['src/a.ts', 'src/b.ts'],
        cycle: ['src/a.ts', 'src/b.ts', 'src/a.ts'],
      },
    ]);
    expect(first.stderr).toMatch(/"parsed":5/);
    const warm = cli(['check', root, '--only', 'circular-import,unresolved-import', '--format', 'json'], {
      DEBUG: 'warmbuild',
    });
    expect(JSON.parse(warm.stdout).findings).toEqual(report.findings);
    expect(warm.stderr).toMatch(
      /"parsed":0,"scanned":0,"factsFromCache":0,"resolvedFiles":0,"snapshotReused":5,"typescriptLoaded":false/,
    );
    // One edited file: only it is parsed and resolved; the cycle is gone.
    fs.writeFileSync(path.join(root, 'src/b.ts'), 'export const b = () => 1;\n');
    const edited = cli(['check', root, '--only', 'circular-import,unresolved-import', '--format', 'json'], {
      DEBUG: 'warmbuild',
    });
    expect(edited.status).toBe(0);
    expect(JSON.parse(edited.stdout).findings).toEqual([]);
    expect(edited.stderr).toMatch(/"parsed":1,"scanned":0,"factsFromCache":0,"resolvedFiles":1,"snapshotReused":4/);
    // A tsconfig change re-resolves every file but parses none (facts are keyed by content).
    fs.writeFileSync(
      path.join(root, 'tsconfig.json'),
      '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"], "~/*": ["src/*"] } } }',
    );
    const reconfigured = cli(['check', root, '--only', 'circular-import,unresolved-import', '--format', 'json'], {
      DEBUG: 'warmbuild',
    });
    expect(reconfigured.stderr).toMatch(
      /"parsed":0,"scanned":0,"factsFromCache":5,"resolvedFiles":5,"snapshotReused":0/,
    );
  });

  it('with circular-import alone, scans every file and parses only those the scan leaves on a cycle', () => {
    const root = cyclicRepo();
    const run = (only: string) => {
      const result = cli(['check', root, '--only', only, '--format', 'json'], { DEBUG: 'warmbuild' });
      return {
        findings: JSON.parse(result.stdout).findings as { rule: string; modules?: string[] }[],
        stats: result.stderr,
      };
    };
    const cold = run('circular-import');
    expect(cold.findings.map((finding) => finding.modules)).toEqual([['src/a.ts', 'src/b.ts']]);
    // a.ts and b.ts import each other; types.ts, uses-types.ts and broken.ts are on no cycle.
    expect(cold.stats).toMatch(/"modules":5,"parsed":2,"scanned":5,.*"typescriptLoaded":true/);
    // An edit that keeps a file's imports: its scan reuses the old resolutions, and it is on no cycle.
    fs.appendFileSync(path.join(root, 'src/uses-types.ts'), 'export const more = 1;\n');
    const edited = run('circular-import');
    expect(edited.findings).toEqual(cold.findings);
    expect(edited.stats).toMatch(
      /"parsed":0,"scanned":1,"factsFromCache":0,"resolvedFiles":0,"snapshotReused":4,"typescriptLoaded":false/,
    );
    // An edit that closes a new cycle through scanned files: they are parsed, and the cycle found.
    fs.writeFileSync(
      path.join(root, 'src/types.ts'),
      "import { x } from './uses-types';\nexport type A = number;\nexport const y = () => x;\n",
    );
    fs.writeFileSync(
      path.join(root, 'src/uses-types.ts'),
      "import { A, y } from './types';\nimport { a } from './a';\nexport const x: A = a;\nexport const z = y;\n",
    );
    const closed = run('circular-import');
    expect(closed.findings.map((finding) => finding.modules)).toEqual([
      ['src/a.ts', 'src/b.ts'],
      ['src/types.ts', 'src/uses-types.ts'],
    ]);
    expect(closed.stats).toMatch(/"parsed":2,"scanned":2,/);
    // Rules that read every import never use scanned facts: the scanned file is parsed now.
    const everything = run('circular-import,parse-error');
    expect(everything.findings.map((finding) => finding.rule).sort()).toEqual([
      'circular-import',
      'circular-import',
      'parse-error',
    ]);
    expect(everything.stats).toMatch(/"parsed":1,"scanned":0,.*"snapshotReused":4/);
    expect(everything.findings.find((finding) => finding.rule === 'parse-error')).toMatchObject({
      file: 'src/broken.ts',
    });
  });

  it('keeps the compiled compiler in a machine-level cache that survives a cleared project cache', () => {
    const root = cyclicRepo();
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-compile-cache-cli-'));
    onTestFinished(() => fs.rmSync(temp, { recursive: true, force: true }));
    const machine = path.join(temp, 'machine');
    const env = { DEBUG: 'warmbuild', WARMBUILD_COMPILE_CACHE: machine };
    const run = () =>
      cli(
        [
          'check',
          root,
          '--only',
          'circular-import',
          '--format',
          'json',
          '--cache-dir',
          fs.mkdtempSync(path.join(temp, 'cache-')),
        ],
        env,
      );
    const first = run();
    expect(first.stderr).toContain('compiler code: not cached');
    const [entry] = fs.readdirSync(machine);
    expect(entry).toMatch(/^v8-typescript-[0-9a-f]+\.bin$/);
    const second = run();
    expect(second.stderr).toContain('compiler code: machine cache');
    expect(JSON.parse(second.stdout).findings).toEqual(JSON.parse(first.stdout).findings);
    // An entry that passes the checksum but that V8 refuses: compiled as usual, and replaced.
    const junk = Buffer.from('not V8 code at all');
    fs.writeFileSync(path.join(machine, entry), Buffer.concat([createHash('sha1').update(junk).digest(), junk]));
    const third = run();
    expect(third.stderr).toContain('compiler code: cache rejected by V8');
    expect(JSON.parse(third.stdout).findings).toEqual(JSON.parse(first.stdout).findings);
    expect(run().stderr).toContain('compiler code: machine cache');
    // Turned off: the project cache keeps it instead.
    const cacheDir = fs.mkdtempSync(path.join(temp, 'cache-'));
    const off = (_run: number) =>
      cli(['check', root, '--only', 'circular-import', '--format', 'json', '--cache-dir', cacheDir], {
        ...env,
        WARMBUILD_COMPILE_CACHE: 'off',
      }).stderr;
    expect(off(1)).toContain('compiler code: not cached');
    // A new import to resolve (an edit that keeps its imports needs no compiler under --only circular-import).
    fs.writeFileSync(path.join(root, 'src/b.ts'), "import './types';\nexport const b = () => 2;\n");
    expect(off(2)).toContain('compiler code: project cache');
  });

  it('counts type-only and dynamic imports as edges only when asked', () => {
    const root = writeRepo({
      'src/a.ts': "import type { B } from './b';\nexport const a = 1;\nexport type A = B;\n",
      'src/b.ts': "import { a } from './a';\nexport type B = typeof a;\nexport const b = () => import('./c');\n",
      'src/c.ts': "import { b } from './b';\nexport const c = b;\n",
    });
    const count = (...flags: string[]) =>
      JSON.parse(
        cli(['check', root, '--only', 'circular-import', '--format', 'json', '--no-cache', ...flags]).stdout,
      ).findings.map((f: { modules: string[] }) => f.modules);
    expect(count()).toEqual([]);
    expect(count('--include-type-imports')).toEqual([['src/a.ts', 'src/b.ts']]);
    expect(count('--dynamic-imports')).toEqual([['src/b.ts', 'src/c.ts']]);
  });

  it('writes SARIF 2.1.0 with rule metadata and related locations', () => {
    const root = cyclicRepo();
    const { stdout } = cli(['check', root, '--only', 'circular-import', '--format', 'sarif']);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe('2.1.0');
    const [run] = sarif.runs;
    expect(run.tool.driver.rules).toEqual([
      expect.objectContaining({ id: 'circular-import', defaultConfiguration: { level: 'error' } }),
    ]);
    expect(run.results[0]).toMatchObject({
      ruleId: 'circular-import',
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'src/b.ts', uriBaseId: 'SRCROOT' },
            region: { startLine: 1, startColumn: 19 },
          },
        },
      ],
      relatedLocations: [
        { physicalLocation: { artifactLocation: { uri: 'src/a.ts' } } },
        { physicalLocation: { artifactLocation: { uri: 'src/b.ts' } } },
      ],
    });
  });

  it('stops at the first error with --fail-fast', () => {
    const root = cyclicRepo({ 'src/unresolved.ts': "import './nowhere';\n" });
    const { status, stdout } = cli(['check', root, '--fail-fast', '--format', 'json', '--no-cache']);
    expect(status).toBe(1);
    expect(JSON.parse(stdout).findings).toHaveLength(1);
  });

  it('gives the same findings when parsing in worker threads', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++)
      files[`src/m${i}.ts`] =
        `import { f${(i + 1) % 60} } from './m${(i + 1) % 60}';\nexport const f${i} = () => f${(i + 1) % 60};\n`;
    const root = writeRepo(files);
    const run = (mode: string) =>
      JSON.parse(
        cli(['check', root, '--only', 'circular-import', '--format', 'json', '--no-cache'], {
          WARMBUILD_PARSE_WORKERS: mode,
        }).stdout,
      ).findings;
    const inThread = run('never');
    expect(inThread[0].modules).toHaveLength(60);
    expect(run('always')).toEqual(inThread);
  });

  it('refuses TypeScript 7 (no JS API) with a fix; a broken tsconfig is a finding, not exit 2', () => {
    const root = writeRepo({
      'package.json': '{ "name": "app" }',
      'node_modules/typescript/package.json':
        '{ "name": "typescript", "version": "7.0.0", "main": "lib/typescript.js" }',
      'node_modules/typescript/lib/typescript.js': 'module.exports = {};\n',
      'src/a.ts': 'export {};\n',
    });
    const ts7 = cli(['check', root, '--only', 'circular-import', '--no-cache']);
    expect(ts7.status).toBe(2);
    expect(ts7.stderr).toContain('[TYPESCRIPT_UNSUPPORTED] typescript 7.0.0 has no JavaScript compiler API');
    expect(ts7.stderr).toContain('install typescript@5.9');
    const broken = writeRepo({ 'tsconfig.json': '{ "extends": "./base.json" }', 'src/a.ts': 'export {};\n' });
    // Not asked for: the run completes and says, once, that the config could not be loaded.
    const cyclesOnly = cli(['check', broken, '--only', 'circular-import', '--no-cache']);
    expect(cyclesOnly.status).toBe(0);
    expect(cyclesOnly.stderr).toContain('1 tsconfig file(s) could not be loaded (tsconfig.json...)');
    const config = cli(['check', broken, '--no-cache']);
    expect(config.status).toBe(1);
    // At the "extends" key; the files keep its own options (tsc -p's), so no "cannot load ... instead".
    expect(config.stdout).toMatch(
      /tsconfig\.json:1:3 {2}error {2}.*base\.json.*; fix: point "extends" .*rest of its options, as tsc -p does {2}\[config-error\]/,
    );
  });

  it('re-resolves cached imports when the file list changes', () => {
    const root = writeRepo({ 'src/a.ts': "import { later } from './later';\nexport const a = () => later;\n" });
    const run = () =>
      JSON.parse(cli(['check', root, '--only', 'unresolved-import,circular-import', '--format', 'json']).stdout)
        .findings;
    expect(run().map((finding: { specifier: string }) => finding.specifier)).toEqual(['./later']);
    fs.writeFileSync(path.join(root, 'src/later.ts'), "import { a } from './a';\nexport const later = () => a;\n");
    expect(run().map((finding: { rule: string }) => finding.rule)).toEqual(['circular-import']);
    fs.rmSync(path.join(root, 'src/later.ts'));
    expect(run().map((finding: { rule: string }) => finding.rule)).toEqual(['unresolved-import']);
  });
});
