import { describe, expect, it } from 'vitest';
import path from 'node:path';
import ts from 'typescript';
import { checkJson, cli, rules, writeRepo } from './fixture.js';

const graphRules = ['--only', 'config-error,circular-import,unresolved-import,parse-error'];

/** A repository whose root config maps @/ (a fallback to it resolves '@/a') and whose docs/ config is `files`. */
function brokenDocsRepo(files: Record<string, string>): string {
  return writeRepo({
    'tsconfig.json': { compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } },
    'src/a.ts': "import { b } from '@/b';\nexport const a = () => b;\n",
    'src/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    'docs/site.ts': "import { a } from '@/a';\nimport { nope } from './nope';\nexport const site = [a, nope];\n",
    ...files,
  });
}

/** The oracle: the specifiers plain TypeScript fails to resolve from `file` under `config` as `tsc -p` parses it. */
function oracleUnresolved(root: string, config: string, file: string, specifiers: string[]): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(root, config),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!parsed) throw new Error(`TypeScript has no options for ${config}`);
  const containing = path.join(root, file);
  const mode = ts.getImpliedNodeFormatForFile(
    containing as ts.Path,
    undefined,
    ts.sys,
    parsed.options,
  ) as ts.ResolutionMode;
  return specifiers.filter(
    (specifier) =>
      !ts.resolveModuleName(specifier, containing, parsed.options, ts.sys, undefined, undefined, mode).resolvedModule,
  );
}

describe('a tsconfig that cannot be loaded', () => {
  it('that TypeScript cannot read at all is one config-error in that file; its files fall back to the nearest loadable ancestor; the run goes on', () => {
    // JSON so broken (or not an object) that only a guess at its options is left: the ancestor's
    // complete config is the sounder one.
    const cases: [name: string, files: Record<string, string>, message: RegExp, hint: RegExp, line: number][] = [
      [
        'syntax error',
        { 'docs/tsconfig.json': '{\n  "compilerOptions": {\n    "strict": true\n' },
        /expected/i,
        /JSON syntax/,
        4,
      ],
      [
        'root not an object',
        { 'docs/tsconfig.json': '[\n  "compilerOptions"\n]\n' },
        /must be an object/i,
        /JSON object/,
        1,
      ],
    ];
    for (const [name, files, message, hint, line] of cases) {
      const root = brokenDocsRepo(files);
      const { status, findings } = checkJson(root, [...graphRules, '--no-cache']);
      expect(status, name).toBe(1);
      const errors = rules(findings, 'config-error');
      expect(errors, name).toHaveLength(1);
      expect(errors[0], name).toMatchObject({
        file: 'docs/tsconfig.json',
        line,
        severity: 'error',
        fallback: 'tsconfig.json',
      });
      expect(errors[0].message, name).toMatch(message);
      expect(errors[0].message, name).toMatch(hint);
      // docs/site.ts resolved '@/a' through the root config: only its real miss is reported.
      expect(
        rules(findings, 'unresolved-import').map((finding) => `${finding.file} ${String(finding.specifier)}`),
        name,
      ).toEqual(['docs/site.ts ./nope']);
      expect(
        rules(findings, 'circular-import').map((finding) => finding.modules),
        name,
      ).toEqual([['src/a.ts', 'src/b.ts']]);
    }
  });

  it('whose extends cannot be followed is one config-error at "extends"; its files keep its own options, as tsc -p does', () => {
    // Before, these fell back to the ancestor like a syntax error, whose options lack docs/'s own
    // `paths`: '~/guide' was reported. tsc keeps the config's own options (and the part of the
    // chain that loaded), so only './nope' is a real miss.
    const ownPaths = '"compilerOptions": { "paths": { "~/*": ["./*"] } }';
    const site = {
      'docs/site.ts':
        "import { guide } from '~/guide';\nimport { nope } from './nope';\nexport const site = [guide, nope];\n",
      'docs/guide.ts': 'export const guide = 1;\n',
    };
    const cases: [name: string, files: Record<string, string>, message: RegExp, hint: RegExp, line: number][] = [
      [
        'circular extends',
        {
          'docs/tsconfig.json': `{ "extends": "./base.json", ${ownPaths} }`,
          'docs/base.json': '{ "extends": "./tsconfig.json" }',
        },
        /circularity/i,
        /circular "extends"/,
        1,
      ],
      [
        'missing extends',
        { 'docs/tsconfig.json': `{\n  "extends": "./missing/base.json",\n  ${ownPaths}\n}\n` },
        /not found|cannot/i,
        /point "extends"/,
        2,
      ],
      [
        'package not installed',
        { 'docs/tsconfig.json': `{\n  "extends": "@docusaurus/tsconfig",\n  ${ownPaths}\n}\n` },
        /not found|cannot/i,
        /install the package/,
        2,
      ],
    ];
    for (const [name, files, message, hint, line] of cases) {
      const root = brokenDocsRepo({ ...site, ...files });
      const { status, findings } = checkJson(root, [
        '--only',
        'config-error,circular-import,unresolved-import,missing-package',
        '--no-cache',
      ]);
      expect(status, name).toBe(1);
      const errors = rules(findings, 'config-error');
      expect(errors, name).toHaveLength(1);
      expect(errors[0], name).toMatchObject({
        file: 'docs/tsconfig.json',
        line,
        severity: 'error',
        fallback: 'docs/tsconfig.json',
      });
      expect(errors[0].message, name).toMatch(message);
      expect(errors[0].message, name).toMatch(hint);
      expect(errors[0].message, name).toMatch(/checked with the rest of its options, as tsc -p does/);
      expect(rules(findings, 'missing-package'), name).toEqual([]);
      expect(
        rules(findings, 'unresolved-import').map((finding) => `${finding.file} ${String(finding.specifier)}`),
        name,
      ).toEqual(['docs/site.ts ./nope']);
      expect(oracleUnresolved(root, 'docs/tsconfig.json', 'docs/site.ts', ['~/guide', './nope']), name).toEqual([
        './nope',
      ]);
      expect(
        rules(findings, 'circular-import').map((finding) => finding.modules),
        name,
      ).toEqual([['src/a.ts', 'src/b.ts']]);
    }
  });

  it('extending an uninstalled package, under a nodenext root, resolves with its own moduleResolution: bundler (as tsc -p does)', () => {
    // sveltejs/kit's test apps: `"extends": "$app/tsconfig"` (not installed) under a root with
    // module nodenext. Checked with the root config, extensionless and directory imports fail;
    // TypeScript keeps the app's own bundler resolution and resolves them.
    const root = writeRepo({
      // An ES module package: under nodenext, relative imports then need their extension.
      'package.json': { name: 'kit-like', private: true, type: 'module' },
      'tsconfig.json': { compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', allowJs: true } },
      'apps/web/tsconfig.json':
        '{\n  "extends": "@acme/app-tsconfig/base.json",\n  "compilerOptions": {\n    "module": "esnext",\n    "moduleResolution": "bundler",\n    "allowJs": true\n  }\n}\n',
      'apps/web/src/main.ts':
        "import { lib } from './lib';\nimport { util } from './util';\nexport const main = [lib, util];\n",
      'apps/web/src/lib/index.ts': 'export const lib = 1;\n',
      'apps/web/src/util.ts': 'export const util = 2;\n',
    });
    const { findings } = checkJson(root, ['--only', 'config-error,unresolved-import', '--no-cache']);
    expect(rules(findings, 'unresolved-import')).toEqual([]);
    expect(oracleUnresolved(root, 'apps/web/tsconfig.json', 'apps/web/src/main.ts', ['./lib', './util'])).toEqual([]);
    const errors = rules(findings, 'config-error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'apps/web/tsconfig.json', line: 2, fallback: 'apps/web/tsconfig.json' });
    expect(errors[0].message).toMatch(/@acme\/app-tsconfig.*install the package/);
    // The root config would not have resolved them: the test shows which config was used.
    expect(oracleUnresolved(root, 'tsconfig.json', 'apps/web/src/main.ts', ['./lib', './util'])).toEqual([
      './lib',
      './util',
    ]);
  });

  it('a chain of extends that loads in part keeps the part that loaded, and a cycle ends', () => {
    const root = writeRepo({
      'package.json': { name: 'chain', private: true, type: 'module' },
      'tsconfig.json': { compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } },
      // mid.json loads and sets bundler resolution; its own extends is a cycle back to app/.
      'app/tsconfig.json': '{ "extends": ["./mid.json", "./missing.json"] }',
      'app/mid.json':
        '{ "extends": "./tsconfig.json", "compilerOptions": { "module": "esnext", "moduleResolution": "bundler" } }',
      'app/main.ts': "import { util } from './util';\nexport const main = util;\n",
      'app/util.ts': 'export const util = 1;\n',
    });
    const { findings } = checkJson(root, ['--only', 'config-error,unresolved-import', '--no-cache']);
    expect(rules(findings, 'config-error')).toMatchObject([
      { file: 'app/tsconfig.json', fallback: 'app/tsconfig.json' },
    ]);
    expect(oracleUnresolved(root, 'app/tsconfig.json', 'app/main.ts', ['./util'])).toEqual([]);
    expect(rules(findings, 'unresolved-import')).toEqual([]);
  });

  it('with only a wrong compiler option, is a config-error and the rest of its options still apply', () => {
    const root = writeRepo({
      'tsconfig.json':
        '{\n  "compilerOptions": {\n    "baseUrl": ".",\n    "paths": { "~/*": ["src/*"] },\n    "optionFromTheFuture": true\n  }\n}\n',
      'src/a.ts': "import { b } from '~/b';\nexport const a = () => b;\n",
      'src/b.ts': "import { a } from '~/a';\nexport const b = () => a;\n",
    });
    const { findings } = checkJson(root, [...graphRules, '--no-cache']);
    expect(rules(findings, 'config-error')).toMatchObject([
      { file: 'tsconfig.json', line: 5, column: 5, fallback: 'tsconfig.json' },
    ]);
    expect(rules(findings, 'config-error')[0].message).toMatch(/optionFromTheFuture.*rest of its options/);
    expect(rules(findings, 'unresolved-import')).toEqual([]);
    expect(rules(findings, 'circular-import').map((finding) => finding.modules)).toEqual([['src/a.ts', 'src/b.ts']]);
  });

  it('keeps its finding on a warm run, and drops it once fixed', () => {
    const root = writeRepo({
      'tsconfig.json': '{ "extends": "@tsconfig/strictest/tsconfig.json" }',
      'src/a.ts': "import './b';\n",
      'src/b.ts': "import './a';\n",
    });
    const cold = checkJson(root, graphRules);
    const warm = checkJson(root, graphRules);
    // Its own (empty) options are what tsc runs with, so it is its own fallback, not the defaults.
    expect(rules(cold.findings, 'config-error')).toMatchObject([{ file: 'tsconfig.json', fallback: 'tsconfig.json' }]);
    expect(warm.findings).toEqual(cold.findings);
    expect(checkJson(root, [...graphRules, '--no-cache']).findings).toEqual(cold.findings);
    // Installing the package it extends fixes it: node_modules is an input of the snapshot too.
    writeRepo(
      {
        'node_modules/@tsconfig/strictest/tsconfig.json': '{ "compilerOptions": { "strict": true } }',
        'node_modules/@tsconfig/strictest/package.json': '{ "name": "@tsconfig/strictest", "version": "2.0.0" }',
      },
      root,
    );
    const fixed = checkJson(root, graphRules);
    expect(rules(fixed.findings, 'config-error')).toEqual([]);
    expect(fixed.findings).toEqual(checkJson(root, [...graphRules, '--no-cache']).findings);
  });

  it('when every tsconfig is broken, still reports everything that needs none (CLI, default rules)', () => {
    const root = writeRepo({
      'package.json': { name: 'root', private: true, workspaces: ['packages/*'] },
      'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'tsconfig.json': '{ "extends": "./nowhere.json" }',
      'packages/app/package.json': { name: 'app', dependencies: { lib: '^1.0.0' } },
      'packages/app/tsconfig.json': '{ "compilerOptions": { ',
      'packages/app/src/main.ts': "import { lib } from './lib';\nexport const main = lib;\n",
      'packages/app/src/lib.ts': "import { main } from './main';\nexport const lib = () => main;\n",
      'packages/lib/package.json': { name: 'lib', version: '1.0.0' },
      'packages/lib/jsconfig.json': '{ "extends": "./jsconfig.json" }',
      'packages/lib/index.js': '<<<<<<< HEAD\nexport const x = 1;\n=======\nexport const x = 2;\n>>>>>>> branch\n',
      'README.md': '# Demo\n\nSee [the guide](docs/guide.md).\n',
    });
    const result = cli(['check', root, '--format', 'json', '--no-cache']);
    expect(result.stderr).not.toContain('internal error');
    expect(result.status).toBe(1);
    const findings = JSON.parse(result.stdout).findings as { rule: string; file: string }[];
    const found = new Set(findings.map((finding) => `${finding.rule} ${finding.file}`));
    for (const expected of [
      'config-error tsconfig.json',
      'config-error packages/app/tsconfig.json',
      'config-error packages/lib/jsconfig.json',
      'merge-conflict-marker packages/lib/index.js',
      'broken-link README.md',
      'workspace-protocol packages/app/package.json',
      'circular-import packages/app/src/main.ts',
    ]) {
      expect(found, expected).toContain(expected);
    }
  });
});
