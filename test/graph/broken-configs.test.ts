import { describe, expect, it } from 'vitest';
import { checkJson, cli, rules, writeRepo } from './fixture.js';

const graphRules = ['--only', 'config-error,circular-import,unresolved-import,parse-error'];

describe('a tsconfig that cannot be loaded', () => {
  it('is one config-error in that file; its files fall back to the nearest loadable ancestor; the run goes on', () => {
    const cases: [name: string, files: Record<string, string>, message: RegExp, hint: RegExp, line: number][] = [
      ['syntax error', { 'docs/tsconfig.json': '{\n  "compilerOptions": {\n    "strict": true\n' }, /expected/i, /JSON syntax/, 4],
      ['circular extends', { 'docs/tsconfig.json': '{ "extends": "./base.json" }', 'docs/base.json': '{ "extends": "./tsconfig.json" }' }, /circularity/i, /circular "extends"/, 1],
      ['missing extends', { 'docs/tsconfig.json': '{\n  "extends": "./missing/base.json"\n}\n' }, /not found|cannot/i, /point "extends"/, 2],
      ['package not installed', { 'docs/tsconfig.json': '{\n  "extends": "@docusaurus/tsconfig"\n}\n' }, /not found|cannot/i, /install the package/, 2],
    ];
    for (const [name, files, message, hint, line] of cases) {
      const root = writeRepo({
        // The root config maps @/ (the fallback must use it) and has no error itself.
        'tsconfig.json': { compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } },
        'src/a.ts': "import { b } from '@/b';\nexport const a = () => b;\n",
        'src/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
        'docs/site.ts': "import { a } from '@/a';\nimport { nope } from './nope';\nexport const site = [a, nope];\n",
        ...files,
      });
      const { status, findings } = checkJson(root, [...graphRules, '--no-cache']);
      expect(status, name).toBe(1);
      const errors = rules(findings, 'config-error');
      expect(errors, name).toHaveLength(1);
      expect(errors[0], name).toMatchObject({ file: 'docs/tsconfig.json', line, severity: 'error', fallback: 'tsconfig.json' });
      expect(errors[0].message, name).toMatch(message);
      expect(errors[0].message, name).toMatch(hint);
      // docs/site.ts resolved '@/a' through the root config: only its real miss is reported.
      expect(rules(findings, 'unresolved-import').map((finding) => `${finding.file} ${String(finding.specifier)}`), name).toEqual(['docs/site.ts ./nope']);
      expect(rules(findings, 'circular-import').map((finding) => finding.modules), name).toEqual([['src/a.ts', 'src/b.ts']]);
    }
  });

  it('with only a wrong compiler option, is a config-error and the rest of its options still apply', () => {
    const root = writeRepo({
      'tsconfig.json': '{\n  "compilerOptions": {\n    "baseUrl": ".",\n    "paths": { "~/*": ["src/*"] },\n    "optionFromTheFuture": true\n  }\n}\n',
      'src/a.ts': "import { b } from '~/b';\nexport const a = () => b;\n",
      'src/b.ts': "import { a } from '~/a';\nexport const b = () => a;\n",
    });
    const { findings } = checkJson(root, [...graphRules, '--no-cache']);
    expect(rules(findings, 'config-error')).toMatchObject([{ file: 'tsconfig.json', line: 5, column: 5, fallback: 'tsconfig.json' }]);
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
    expect(rules(cold.findings, 'config-error')).toMatchObject([{ file: 'tsconfig.json', fallback: null }]);
    expect(warm.findings).toEqual(cold.findings);
    expect(checkJson(root, [...graphRules, '--no-cache']).findings).toEqual(cold.findings);
    // Installing the package it extends fixes it: node_modules is an input of the snapshot too.
    writeRepo({ 'node_modules/@tsconfig/strictest/tsconfig.json': '{ "compilerOptions": { "strict": true } }', 'node_modules/@tsconfig/strictest/package.json': '{ "name": "@tsconfig/strictest", "version": "2.0.0" }' }, root);
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
